/** The rated training interactions, column by column, and their per-epoch shuffled order. */
import type { InteractionTable } from '../data/types.ts';
import { RecError } from '../errors.ts';
import type { Random } from './random.ts';

export interface RatingRows {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
}

/** Training rows that carry a rating (implicit rows, rating NaN, are left out). */
export function ratedRows(table: InteractionTable, trainRows: Int32Array): RatingRows {
  const keep: number[] = [];
  for (let k = 0; k < trainRows.length; k++) if (!Number.isNaN(table.rating[trainRows[k]!]!)) keep.push(trainRows[k]!);
  if (keep.length === 0) {
    throw new RecError(
      'CONFIG_INVALID',
      'The training data has no ratings (implicit feedback only), so a rating model cannot learn; use mf-bpr instead.',
    );
  }
  return {
    user: Int32Array.from(keep, (r) => table.user[r]!),
    item: Int32Array.from(keep, (r) => table.item[r]!),
    rating: Float32Array.from(keep, (r) => table.rating[r]!),
  };
}

export function meanRating(rows: RatingRows): number {
  let sum = 0;
  for (let k = 0; k < rows.rating.length; k++) sum += rows.rating[k]!;
  return sum / rows.rating.length;
}

/** The rows in a fresh seeded random order. */
export function shuffledRatings(rows: RatingRows, rng: Random): RatingRows {
  const order = rng.shuffle(Int32Array.from({ length: rows.user.length }, (_, k) => k));
  return {
    user: Int32Array.from(order, (k) => rows.user[k]!),
    item: Int32Array.from(order, (k) => rows.item[k]!),
    rating: Float32Array.from(order, (k) => rows.rating[k]!),
  };
}
