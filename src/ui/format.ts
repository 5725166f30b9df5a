/** Small formatting helpers shared by the elements. */
import { isRecError } from '../errors.ts';

/** A message a person can act on: a RecError's own message (it says what to do), else the error's text. */
export function errorMessage(error: unknown): string {
  if (isRecError(error)) return error.message;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The error's code for tests and styling, or undefined for errors that are not RecErrors. */
export function errorCode(error: unknown): string | undefined {
  return isRecError(error) ? error.code : undefined;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB" (powers of 1024; one decimal below 10 units, none above). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** "12,345" in the page's locale, so counts stay readable. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A Progress as a fraction in [0, 1], or undefined when the total is unknown. */
export function progressFraction(done: number, total: number | undefined): number | undefined {
  if (total === undefined || total <= 0) return undefined;
  return Math.min(1, Math.max(0, done / total));
}

/** "Heat (1995)": the year appended unless the title already carries it (MovieLens titles do). */
export function titleWithYear(title: string, year: number | undefined): string {
  if (year === undefined || title.includes(`(${year})`)) return title;
  return `${title} (${year})`;
}
