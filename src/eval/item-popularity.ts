/**
 * Item-popularity groups: held-out ratings split by how many training interactions their ITEM
 * has. Cold and tail items are where a model has least to go on and where item attributes
 * (feature-aware biased MF) are expected to help, which the activity groups (by user) do not show.
 *
 * Fixed bins rather than quantiles, so "0 training ratings" means exactly that on every dataset:
 * bin b holds items with a count in [lower[b], lower[b+1]). Empty bins are dropped.
 */
import type { InteractionTable, Split } from '../data/types.ts';
import type { RatingReport } from './evaluate.ts';
import type { ActivityGroup } from './groups.ts';
import { summarizeRatings, type Summary } from './summarize.ts';

/** Lower bounds of the bins: 0, 1–2, 3–10, 11–50, 51 and more training interactions. */
export const ITEM_POPULARITY_BINS: readonly number[] = [0, 1, 3, 11, 51];

/** Training interactions per item (length `numItems`). */
export function countPerItem(table: InteractionTable, rows: Int32Array, numItems: number): Int32Array {
  const counts = new Int32Array(numItems);
  for (let r = 0; r < rows.length; r++) counts[table.item[rows[r]!]!]!++;
  return counts;
}

/**
 * The bin of each of `items` by `counts[item]`; groups reuse ActivityGroup's shape (`users`
 * counts the held-out rows in the bin, min/max the bin's bounds as observed).
 */
export function itemPopularityGroups(items: Int32Array, counts: Int32Array, lower: readonly number[] = ITEM_POPULARITY_BINS): { groups: ActivityGroup[]; groupOf: Uint8Array } {
  if (lower.length === 0 || lower.length > 255 || lower[0] !== 0 || lower.some((b, k) => !Number.isInteger(b) || (k > 0 && b <= lower[k - 1]!))) {
    throw new RangeError(`item bins must be increasing whole numbers starting at 0, got [${lower.join(', ')}]`);
  }
  const binOf = (count: number) => {
    let b = 0;
    while (b + 1 < lower.length && count >= lower[b + 1]!) b++;
    return b;
  };
  const bins = Array.from(items, (i) => binOf(counts[i]!));
  const groups: ActivityGroup[] = [];
  const index = new Map<number, number>();
  lower.forEach((min, b) => {
    const members = bins.filter((x) => x === b).length;
    if (members === 0) return;
    const upper = b + 1 < lower.length ? lower[b + 1]! - 1 : Math.max(min, ...Array.from(items, (i) => counts[i]!));
    const range = upper === min ? `${min}` : b + 1 < lower.length ? `${min}–${upper}` : `${min}+`;
    index.set(b, groups.length);
    groups.push({ quantile: b, label: `items with ${range} training ratings`, minInteractions: min, maxInteractions: upper, users: members });
  });
  return { groups, groupOf: Uint8Array.from(bins, (b) => index.get(b)!) };
}

/** RMSE / MAE of a rating report's held-out predictions per item-popularity bin (training rows of `split`). */
export function ratingByItemPopularity(report: RatingReport, table: InteractionTable, split: Split, numItems: number): Summary {
  const { item, rating, prediction } = report.perUser;
  const { groups, groupOf } = itemPopularityGroups(item, countPerItem(table, split.train, numItems));
  return summarizeRatings(prediction, rating, groupOf, groups);
}
