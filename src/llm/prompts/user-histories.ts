/**
 * Prompt inputs from a dataset: each user's interactions in time order, as `HistoryEntry`s.
 * Order is (timestamp, row index), the same order leave-one-out uses (src/data/splits.ts).
 */
import type { Dataset, InteractionTable } from '../../data/types.ts';
import type { HistoryEntry } from './sections.ts';

/** For each user, the given rows (default: all) in time order. */
export function rowsByUser(table: InteractionTable, userCount: number, rows?: Int32Array): Int32Array[] {
  const counts = new Int32Array(userCount);
  const n = rows ? rows.length : table.length;
  const rowAt = (k: number) => (rows ? (rows[k] as number) : k);
  for (let k = 0; k < n; k++) counts[table.user[rowAt(k)] as number]! += 1;
  const out = Array.from(counts, (count) => new Int32Array(count));
  const fill = new Int32Array(userCount);
  for (let k = 0; k < n; k++) {
    const r = rowAt(k);
    const u = table.user[r] as number;
    (out[u] as Int32Array)[fill[u]!++] = r;
  }
  for (const list of out) {
    list.sort((a, b) => (table.timestamp[a] as number) - (table.timestamp[b] as number) || a - b);
  }
  return out;
}

/** History entries for rows of one user (already in time order); NaN ratings become null. */
export function historyOf(dataset: Dataset, rows: ArrayLike<number>): HistoryEntry[] {
  const { interactions, items } = dataset;
  return Array.from(rows, (r) => {
    const rating = interactions.rating[r] as number;
    return { item: items[interactions.item[r] as number] as HistoryEntry['item'], rating: Number.isNaN(rating) ? null : rating };
  });
}
