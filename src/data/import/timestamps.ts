/**
 * Timestamp checks. What is stored is always seconds since 1970-01-01T00:00:00Z; MovieLens
 * files must already hold whole seconds, generic files may hold seconds, milliseconds or ISO
 * 8601 dates (one unit per file, detected and normalised). A value outside the plausible range
 * is refused, never clamped.
 */
import type { TimestampUnit } from '../types.ts';
import { parseDecimal } from './decimal.ts';
import { excerpt } from './excerpt.ts';
import { showCell, type Cell, type FieldPlace } from './fields.ts';
import { ImportError } from './import-error.ts';
import { parseIsoDate } from './iso-date.ts';

/**
 * Earliest plausible time: 1970-01-01T00:00:00Z. MovieLens documents its timestamps as seconds
 * since then, and no interaction log a recommender learns from is older; an earlier value
 * (like -5) is a misread cell, not history.
 */
export const EARLIEST_SECONDS = 0;

/**
 * How far past the present a time may lie. The clock that wrote a log may run a little ahead,
 * and a local time written as if it were UTC is up to 14 hours ahead (UTC+14); two days covers
 * both. A value in milliseconds read as seconds lands tens of thousands of years ahead, so the
 * margin never lets a wrong unit through.
 */
export const FUTURE_MARGIN_SECONDS = 2 * 86_400;

/**
 * Smallest number a generic file's timestamps may hold in milliseconds: 1e11 ms is
 * 1973-03-03. A number between the latest plausible seconds value (about 1.8e9 in 2026) and
 * this is decades ahead as seconds and in the first three years of Unix time as milliseconds:
 * neither is a plausible interaction time, so it is refused rather than guessed.
 */
export const MILLISECONDS_FLOOR = 1e11;

/**
 * The present is at least the day this check was written (2026-01-01): a device whose clock
 * is years behind (a flat CMOS battery resets it to 2000 or 1970) must still import a dataset
 * recorded before that day, such as the embedded MovieLens files.
 */
const PRESENT_AT_LEAST_MS = Date.UTC(2026, 0, 1);

/** Latest plausible time in seconds, given the present in milliseconds. */
export function latestPlausibleSeconds(nowMs: number = Date.now()): number {
  return Math.floor(Math.max(nowMs, PRESENT_AT_LEAST_MS) / 1000) + FUTURE_MARGIN_SECONDS;
}

export interface TimestampRule {
  /** The value to store for `cell` (in the file's unit until `finish`); throws on bad input. */
  read(cell: Cell, place: FieldPlace): number;
  /**
   * Converts the stored values to seconds (all rows read) and says which unit the file used
   * ('row-order' when no row had a timestamp: the file has no timestamp column).
   */
  finish(timestamps: Float64Array): TimestampUnit;
}

/** MovieLens: non-negative whole seconds, not after the present (plus the margin). */
export class WholeSecondsTimestamps implements TimestampRule {
  private readonly latest = latestPlausibleSeconds();
  private seen = false;

  read(cell: Cell, place: FieldPlace): number {
    const value = typeof cell === 'number' ? cell : cell === undefined ? Number.NaN : parseDecimal(cell);
    if (Number.isNaN(value) || !Number.isInteger(value)) {
      throw new ImportError('IMPORT_BAD_NUMBER', {
        ...place,
        problem: cell === undefined || String(cell).trim() === '' ? 'the timestamp is empty' : `"${showCell(cell)}" is not a whole number of seconds since 1970`,
        fix: 'Write the time as whole seconds since 1970-01-01 UTC (like 964982703), as MovieLens files do',
      });
    }
    if (value < EARLIEST_SECONDS || value > this.latest) throw implausible(cell, place, value, this.latest);
    this.seen = true;
    return value;
  }

  finish(): TimestampUnit {
    return this.seen ? 'seconds' : 'row-order';
  }
}

/** Where a unit was first seen, for the mixed-units message. */
type UnitSeen = { line: number; cell: Cell };

/**
 * Generic files: numbers (seconds or milliseconds since 1970, told apart by size) or ISO 8601
 * dates, one unit per file. Milliseconds are divided by 1000 in `finish`, since the unit of a
 * number is only certain once the file shows it (every value is checked as it comes).
 */
export class DetectedUnitTimestamps implements TimestampRule {
  private readonly latest = latestPlausibleSeconds();
  private readonly seen: Record<'seconds' | 'milliseconds' | 'iso-8601', UnitSeen | undefined> = {
    seconds: undefined,
    milliseconds: undefined,
    'iso-8601': undefined,
  };

  read(cell: Cell, place: FieldPlace): number {
    const number = typeof cell === 'number' ? cell : cell === undefined ? Number.NaN : parseDecimal(cell);
    if (!Number.isNaN(number)) {
      if (number < EARLIEST_SECONDS || number > this.latest * 1000) throw implausible(cell, place, number < 0 ? number : number / 1000, this.latest);
      if (number <= this.latest) this.note('seconds', cell, place);
      else if (number >= MILLISECONDS_FLOOR) this.note('milliseconds', cell, place);
      else {
        throw new ImportError('IMPORT_OUT_OF_RANGE', {
          ...place,
          problem: `the timestamp ${showCell(cell)} is after the present in seconds and before 1973 in milliseconds`,
          fix: 'Write the time as seconds or milliseconds since 1970, or as an ISO 8601 date (like 2024-01-31T12:00:00Z)',
        });
      }
      return number;
    }
    const trimmed = typeof cell === 'string' ? cell.trim() : '';
    if (trimmed === '') {
      throw new ImportError('IMPORT_BAD_NUMBER', {
        ...place,
        problem: 'the timestamp is empty',
        fix: 'Fill in the time (seconds or milliseconds since 1970, or an ISO 8601 date), or drop the timestamp column to use row order',
      });
    }
    const seconds = parseIsoDate(trimmed);
    if (seconds === undefined) {
      throw new ImportError('IMPORT_BAD_NUMBER', {
        ...place,
        problem: `"${excerpt(trimmed)}" is neither a number (seconds or milliseconds since 1970) nor an ISO 8601 date`,
        fix: 'Write seconds since 1970 (like 964982703) or an ISO date (like 2024-01-31T12:00:00Z), or drop the timestamp column to use row order',
      });
    }
    if (seconds < EARLIEST_SECONDS || seconds > this.latest) throw implausible(trimmed, place, seconds, this.latest);
    this.note('iso-8601', trimmed, place);
    return seconds;
  }

  finish(timestamps: Float64Array): TimestampUnit {
    if (this.seen.milliseconds) {
      for (let r = 0; r < timestamps.length; r++) timestamps[r] = timestamps[r]! / 1000;
      return 'milliseconds';
    }
    if (this.seen['iso-8601']) return 'iso-8601';
    return this.seen.seconds ? 'seconds' : 'row-order';
  }

  private note(unit: 'seconds' | 'milliseconds' | 'iso-8601', cell: Cell, place: FieldPlace): void {
    if (this.seen[unit]) return;
    for (const other of ['seconds', 'milliseconds', 'iso-8601'] as const) {
      const first = this.seen[other];
      if (other === unit || !first) continue;
      throw new ImportError('IMPORT_MIXED_UNITS', {
        ...place,
        problem: `the timestamp ${showCell(cell)} reads as ${unitName(unit)}, but line ${first.line} (${showCell(first.cell)}) as ${unitName(other)}`,
        fix: 'Write every timestamp of the file in one unit: seconds or milliseconds since 1970, or ISO 8601 dates',
      });
    }
    this.seen[unit] = { line: place.line, cell };
  }
}

function unitName(unit: 'seconds' | 'milliseconds' | 'iso-8601'): string {
  return unit === 'iso-8601' ? 'an ISO 8601 date' : unit;
}

/** IMPORT_OUT_OF_RANGE for a time before 1970 or after the present (`seconds`: the value read as seconds). */
function implausible(cell: Cell, place: FieldPlace, seconds: number, latest: number): ImportError {
  const before = seconds < EARLIEST_SECONDS;
  return new ImportError('IMPORT_OUT_OF_RANGE', {
    ...place,
    problem: before
      ? `the timestamp ${showCell(cell)} is before 1970-01-01`
      : `the timestamp ${showCell(cell)} is ${describeFuture(seconds)}, after the present (${isoDay(latest - FUTURE_MARGIN_SECONDS)})`,
    fix: 'Check the column: times are seconds since 1970-01-01 UTC (like 964982703), from 1970 to today',
  });
}

function describeFuture(seconds: number): string {
  // Date covers ±8.64e15 ms; beyond that only the size can be told.
  return seconds <= 8.64e12 ? `in the year ${new Date(seconds * 1000).getUTCFullYear()}` : 'far beyond any date';
}

function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
