import { describe, expect, it } from 'vitest';
import { parseIsoDate } from './iso-date.ts';

describe('parseIsoDate', () => {
  it('reads dates and date-times, with zones; no zone means UTC', () => {
    const day = Date.UTC(2024, 0, 31) / 1000;
    expect(parseIsoDate('2024-01-31')).toBe(day);
    expect(parseIsoDate('2024-01-31T12:00')).toBe(day + 12 * 3600);
    expect(parseIsoDate('2024-01-31 12:00:05')).toBe(day + 12 * 3600 + 5);
    expect(parseIsoDate('2024-01-31T12:00:05.250Z')).toBe(day + 12 * 3600 + 5.25);
    expect(parseIsoDate('2024-01-31T12:00:00+05:30')).toBe(day + 12 * 3600 - 5.5 * 3600);
    expect(parseIsoDate('2024-01-31T12:00:00-0800')).toBe(day + 20 * 3600);
    expect(parseIsoDate('2024-01-31T12:00:00+01')).toBe(day + 11 * 3600);
    expect(parseIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 1000);
  });

  it('refuses impossible dates and non-ISO forms instead of guessing', () => {
    for (const text of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-31T24:00', '2024-01-31T12:60', '01/02/2024', 'Jan 2 2024', '2024-1-2', '2024-01-31T12', '20240131', '']) {
      expect(parseIsoDate(text), text).toBeUndefined();
    }
  });
});
