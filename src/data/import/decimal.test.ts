import { describe, expect, it } from 'vitest';
import { isCanonicalInteger, isDigits, parseDecimal } from './decimal.ts';

describe('parseDecimal', () => {
  it('reads plain decimals, signs, fractions, exponents and surrounding spaces', () => {
    for (const [text, value] of [
      ['4', 4],
      ['4.0', 4],
      ['3.5', 3.5],
      ['-1', -1],
      ['+2', 2],
      ['.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['1E-2', 0.01],
      ['4.0e+0', 4],
      [' 7 ', 7],
      ['\t7', 7],
      ['1e39', 1e39],
    ] as const) {
      expect(parseDecimal(text), text).toBe(value);
    }
  });

  it('refuses what Number() would take but a cell does not mean: hex, binary, Infinity, empty, words', () => {
    for (const text of ['', ' ', '0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1e', 'e3', '.', '-', '4,5', '1 2', '4.0.1', '٣']) {
      expect(parseDecimal(text), JSON.stringify(text)).toBeNaN();
    }
  });
});

describe('integer ids', () => {
  it('isDigits: only ASCII digits', () => {
    expect(isDigits('964982703')).toBe(true);
    expect(isDigits('')).toBe(false);
    expect(isDigits('-5')).toBe(false);
    expect(isDigits('1.0')).toBe(false);
  });

  it('isCanonicalInteger: no leading zeros, so "1" and "01" cannot both name one user', () => {
    expect(isCanonicalInteger('0')).toBe(true);
    expect(isCanonicalInteger('4144')).toBe(true);
    expect(isCanonicalInteger('01')).toBe(false);
    expect(isCanonicalInteger('+1')).toBe(false);
    expect(isCanonicalInteger('1e3')).toBe(false);
  });
});
