/** A hand-made interaction table for model tests: rows given as [user, item, rating, timestamp]. */
import type { InteractionTable } from '../../../src/data/types.ts';

export function tinyTable(rows: [number, number, number, number][]): InteractionTable {
  return {
    length: rows.length,
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    rating: Float32Array.from(rows, (r) => r[2]),
    timestamp: Float64Array.from(rows, (r) => r[3]),
  };
}

/**
 * 4 users × 6 items in two taste clusters: users 0, 1 interacted with items 0–2 (user 1 not with
 * item 2), users 2, 3 with items 3–5 (user 3 not with item 5). A model that learns anything should
 * rank item 2 above item 5 for user 1, and item 5 above item 2 for user 3.
 */
export const CLUSTERS = tinyTable([
  [0, 0, 5, 1], [0, 1, 4, 2], [0, 2, 5, 3],
  [1, 0, 5, 1], [1, 1, 5, 2],
  [2, 3, 5, 1], [2, 4, 4, 2], [2, 5, 5, 3],
  [3, 3, 4, 1], [3, 4, 5, 2],
]);
export const ALL_ROWS = Int32Array.from({ length: CLUSTERS.length }, (_, k) => k);
