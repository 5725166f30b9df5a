/** Counts that describe a dataset at a glance (what `l4r import` prints). */
import type { Dataset, RatingScale, TimestampUnit } from '../types.ts';

export interface DatasetSummary {
  name: string;
  format: string;
  users: number;
  items: number;
  /** Items with at least one interaction. */
  ratedItems: number;
  interactions: number;
  /** Rating → count, keys ascending ("0.5", "1.0", …); "none" counts rows without a rating. */
  ratingHistogram: Record<string, number>;
  interactionsPerUser: { min: number; median: number; max: number };
  /** The scale the ratings were checked against, and where it came from (format, declared, inferred). */
  ratingScale?: RatingScale;
  /** The unit the file gave its times in (stored as seconds). */
  timestampUnit?: TimestampUnit;
}

export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const { interactions: table } = dataset;
  const rated = new Uint8Array(dataset.items.length);
  const perUser = new Int32Array(dataset.users.length);
  const histogram = new Map<number, number>();
  let unrated = 0;
  for (let r = 0; r < table.length; r++) {
    rated[table.item[r]!] = 1;
    perUser[table.user[r]!]!++;
    const rating = table.rating[r]!;
    if (Number.isNaN(rating)) unrated++;
    else histogram.set(rating, (histogram.get(rating) ?? 0) + 1);
  }
  const ratingHistogram: Record<string, number> = {};
  // Integers as "4.0", so no key looks like an array index (JS would list those first).
  for (const [rating, count] of [...histogram].sort((a, b) => a[0] - b[0])) {
    ratingHistogram[Number.isInteger(rating) ? rating.toFixed(1) : String(rating)] = count;
  }
  if (unrated > 0) ratingHistogram.none = unrated;
  perUser.sort();
  const n = perUser.length;
  const median = n === 0 ? 0 : n % 2 === 1 ? perUser[(n - 1) / 2]! : (perUser[n / 2 - 1]! + perUser[n / 2]!) / 2;
  const summary: DatasetSummary = {
    name: dataset.name,
    format: dataset.format,
    users: dataset.users.length,
    items: dataset.items.length,
    ratedItems: rated.reduce((sum, x) => sum + x, 0),
    interactions: table.length,
    ratingHistogram,
    interactionsPerUser: { min: n === 0 ? 0 : perUser[0]!, median, max: n === 0 ? 0 : perUser[n - 1]! },
  };
  if (dataset.ratingScale) summary.ratingScale = dataset.ratingScale;
  if (dataset.timestampUnit) summary.timestampUnit = dataset.timestampUnit;
  return summary;
}
