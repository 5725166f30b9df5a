import { expect, test } from 'vitest';
import { RecError } from '../errors.ts';
import { errorCode, errorMessage, formatBytes, progressFraction, titleWithYear } from './format.ts';

test('formatBytes uses powers of 1024 with one decimal below ten units', () => {
  expect(formatBytes(0)).toBe('0 B');
  expect(formatBytes(1023)).toBe('1023 B');
  expect(formatBytes(1536)).toBe('1.5 KB');
  expect(formatBytes(35 * 2 ** 20)).toBe('35 MB');
  expect(formatBytes(3.9 * 2 ** 30)).toBe('3.9 GB');
  expect(formatBytes(-1)).toBe('–');
  expect(formatBytes(NaN)).toBe('–');
});

test('titleWithYear appends the year only when the title lacks it', () => {
  expect(titleWithYear('Heat (1995)', 1995)).toBe('Heat (1995)');
  expect(titleWithYear('Heat', 1995)).toBe('Heat (1995)');
  expect(titleWithYear('Heat', undefined)).toBe('Heat');
});

test('errorMessage/errorCode: RecErrors keep their message and code, other errors their text', () => {
  const rec = new RecError('NO_DATASET', 'Import a dataset first.');
  expect(errorMessage(rec)).toBe('Import a dataset first.');
  expect(errorCode(rec)).toBe('NO_DATASET');
  expect(errorMessage(new TypeError('x is undefined'))).toBe('x is undefined');
  expect(errorCode(new TypeError('x'))).toBeUndefined();
  expect(errorMessage('plain')).toBe('plain');
});

test('progressFraction is clamped and undefined without a total', () => {
  expect(progressFraction(1, 4)).toBe(0.25);
  expect(progressFraction(5, 4)).toBe(1);
  expect(progressFraction(1, undefined)).toBeUndefined();
  expect(progressFraction(1, 0)).toBeUndefined();
});
