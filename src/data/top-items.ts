/**
 * A dataset cut down to its most-interacted items: a proxy, on a large catalogue, for a benchmark
 * with a small one (ml-latest-small ranks each held-out item among ~9,700 items, ML-100K among
 * 1,682). Interactions with other items are dropped, kept items are re-indexed in their old order,
 * users stay as they are (one left with no interaction is simply not evaluated).
 */
import { RecError } from '../errors.ts';
import type { Dataset } from './types.ts';

export function restrictToTopItems(dataset: Dataset, n: number): Dataset {
  if (!Number.isInteger(n) || n < 1) throw new RecError('CONFIG_INVALID', `The number of most-rated items to keep must be a whole number ≥ 1, got ${n}.`);
  const t = dataset.interactions;
  const count = new Int32Array(dataset.items.length);
  for (let r = 0; r < t.length; r++) count[t.item[r]!]!++;
  // Most interactions first, the lower index on ties.
  const ranked = Array.from(count.keys()).sort((a, b) => count[b]! - count[a]! || a - b);
  const keep = ranked.slice(0, Math.min(n, ranked.length)).sort((a, b) => a - b);
  const newIndex = new Int32Array(dataset.items.length).fill(-1);
  keep.forEach((old, k) => (newIndex[old] = k));
  const rows: number[] = [];
  for (let r = 0; r < t.length; r++) if (newIndex[t.item[r]!]! >= 0) rows.push(r);
  return {
    ...dataset,
    name: `${dataset.name}, its ${keep.length} most-rated items`,
    items: keep.map((old, k) => ({ ...dataset.items[old]!, index: k })),
    interactions: {
      length: rows.length,
      user: Int32Array.from(rows, (r) => t.user[r]!),
      item: Int32Array.from(rows, (r) => newIndex[t.item[r]!]!),
      rating: Float32Array.from(rows, (r) => t.rating[r]!),
      timestamp: Float64Array.from(rows, (r) => t.timestamp[r]!),
    },
  };
}
