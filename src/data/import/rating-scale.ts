/**
 * Rating checks. The MovieLens formats hold the scales GroupLens documents; generic files hold
 * the scale the caller declares, or else one inferred from the file (and reported with the
 * dataset). Every refusal names the file, line and rating field.
 */
import { RecError } from '../../errors.ts';
import type { RatingScale } from '../types.ts';
import { parseDecimal } from './decimal.ts';
import { showCell, type Cell, type FieldPlace } from './fields.ts';
import { ImportError } from './import-error.ts';

/** A scale the caller states in the import options (e.g. `{ min: 1, max: 10, step: 1 }`). */
export interface DeclaredRatingScale {
  min: number;
  max: number;
  step?: number;
}

/** MovieLens latest / 25M / 32M (README of ml-latest-small): "5-star scale, with half-star increments (0.5 stars - 5.0 stars)". */
export const MOVIELENS_HALF_STAR_SCALE: RatingScale = { min: 0.5, max: 5, step: 0.5, source: 'format' };
/** MovieLens 100K and 1M (their READMEs): "ratings are made on a 5-star scale (whole-star ratings only)", 1–5. */
export const MOVIELENS_WHOLE_STAR_SCALE: RatingScale = { min: 1, max: 5, step: 1, source: 'format' };

/** Largest finite float32: ratings are stored in a Float32Array, beyond this they become Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Largest |rating| accepted when the scale is inferred. Rating scales in use run from −10..10
 * (Jester) over 1–10 and 0–100 to point scores in the thousands; a Unix time (≥ 1e8 seconds
 * since 1973, ≥ 1e11 in milliseconds) or a row count is far above. So a rating column holding
 * values like 964982703 is refused as "looks like timestamps", not learned as a scale; a file
 * whose ratings really are that large declares its scale.
 */
export const INFERRED_RATING_LIMIT = 1e6;

/** Rating-column values in this range read as Unix times: 1e8 s is 1973-03-03, 1e13 ms is 2286. */
const TIME_LIKE = { min: 1e8, max: 1e13 };

export interface RatingRule {
  /** The rating in `cell`, checked; throws IMPORT_BAD_NUMBER / IMPORT_OUT_OF_RANGE. */
  read(cell: Cell, place: FieldPlace): number;
  /** The scale to report, once every row was read (undefined when no row had a rating). */
  scale(): RatingScale | undefined;
}

/** Ratings on a fixed scale: the format's, or the caller's. */
export class FixedRatingScale implements RatingRule {
  private seen = false;

  constructor(
    private readonly fixed: RatingScale,
    /** Says how to import ratings on another scale, for the refusal's fix. */
    private readonly otherScaleHint: string,
  ) {}

  read(cell: Cell, place: FieldPlace): number {
    const value = readNumber(cell, place);
    const { min, max, step } = this.fixed;
    if (!(value >= min && value <= max) || (step !== undefined && !isOnStep(value, min, step))) {
      throw new ImportError('IMPORT_OUT_OF_RANGE', {
        ...place,
        problem: `the rating ${showCell(cell)} is not on the ${this.fixed.source === 'declared' ? 'declared' : "format's"} scale ${describeRatingScale(this.fixed)}${timeHint(value)}`,
        fix: `Write a rating on that scale or remove the row; ${this.otherScaleHint}`,
      });
    }
    this.seen = true;
    return value;
  }

  scale(): RatingScale | undefined {
    return this.seen ? this.fixed : undefined;
  }
}

/** Ratings whose scale the file shows: any finite number up to INFERRED_RATING_LIMIT. */
export class InferredRatingScale implements RatingRule {
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private wholeNumbers = true;
  private halves = true;

  read(cell: Cell, place: FieldPlace): number {
    const value = readNumber(cell, place);
    if (Math.abs(value) > INFERRED_RATING_LIMIT) {
      const beyondFloat32 = Math.abs(value) > FLOAT32_MAX;
      throw new ImportError('IMPORT_OUT_OF_RANGE', {
        ...place,
        problem: beyondFloat32
          ? `the rating ${showCell(cell)} is beyond the float32 range ratings are stored in (±3.4e38)`
          : `the rating ${showCell(cell)} is larger than any rating scale (|rating| ≤ ${INFERRED_RATING_LIMIT} unless a scale is declared)${timeHint(value)}`,
        fix: 'Check that this column holds ratings; if your ratings really are this large, declare the scale (import option ratingScale: { min, max })',
      });
    }
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.wholeNumbers && !Number.isInteger(value)) this.wholeNumbers = false;
    if (this.halves && !Number.isInteger(value * 2)) this.halves = false;
    return value;
  }

  scale(): RatingScale | undefined {
    if (this.min > this.max) return undefined;
    const step = this.wholeNumbers ? 1 : this.halves ? 0.5 : undefined;
    return step === undefined ? { min: this.min, max: this.max, source: 'inferred' } : { min: this.min, max: this.max, step, source: 'inferred' };
  }
}

/** Checks a caller's scale once, before any file is read: a bad option is CONFIG_INVALID. */
export function declaredScale(declared: DeclaredRatingScale): RatingScale {
  const { min, max, step } = declared;
  const problem = (what: string) =>
    new RecError('CONFIG_INVALID', `ratingScale ${JSON.stringify(declared)}: ${what}. Give { min, max } with min < max (and optionally a step > 0 that divides max − min).`);
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max)) throw problem('min and max must be finite numbers');
  if (Math.abs(min) > FLOAT32_MAX || Math.abs(max) > FLOAT32_MAX) throw problem('min and max must lie within the float32 range (±3.4e38) ratings are stored in');
  if (!(min < max)) throw problem('min must be less than max');
  if (step !== undefined) {
    if (typeof step !== 'number' || !(step > 0) || !Number.isFinite(step)) throw problem('step must be a positive number');
    if (!isOnStep(max, min, step)) throw problem('max must be min plus a whole number of steps');
  }
  return step === undefined ? { min, max, source: 'declared' } : { min, max, step, source: 'declared' };
}

/** "0.5–5 in steps of 0.5", "1–5 in whole numbers", "0–1". */
export function describeRatingScale(scale: RatingScale): string {
  const range = `${scale.min}–${scale.max}`;
  if (scale.step === undefined) return range;
  return scale.step === 1 ? `${range} in whole numbers` : `${range} in steps of ${scale.step}`;
}

function readNumber(cell: Cell, place: FieldPlace): number {
  const value = typeof cell === 'number' ? cell : cell === undefined ? Number.NaN : parseDecimal(cell);
  if (Number.isNaN(value)) {
    const empty = cell === undefined || String(cell).trim() === '';
    throw new ImportError('IMPORT_BAD_NUMBER', {
      ...place,
      problem: empty ? 'the rating is empty' : `"${showCell(cell)}" is not a number`,
      fix: `Write a plain number in the ${place.field} column (like 4 or 3.5) or remove the row`,
    });
  }
  return value;
}

/** Whether value = min + k·step for a whole k (to within rounding of decimal steps like 0.1). */
function isOnStep(value: number, min: number, step: number): boolean {
  const k = (value - min) / step;
  return Math.abs(k - Math.round(k)) < 1e-9 * Math.max(1, Math.abs(k));
}

function timeHint(value: number): string {
  return value >= TIME_LIKE.min && value <= TIME_LIKE.max ? '; it looks like a Unix time, so the rating and timestamp columns may be swapped in the header' : '';
}
