import type { InteractionTable } from './types.ts';

/**
 * The items of a subset of rows, grouped by user (compressed sparse rows): the items of user u
 * are `items[offsets[u] .. offsets[u+1])`, in row order. Built in two linear passes, so it scales
 * to millions of rows without a Map or Set per user.
 */
export interface UserItems {
  offsets: Int32Array;
  items: Int32Array;
}

/** Number of the given rows per user index (length `numUsers`). */
export function countPerUser(table: InteractionTable, rows: Int32Array, numUsers: number): Int32Array {
  const counts = new Int32Array(numUsers);
  for (let r = 0; r < rows.length; r++) counts[table.user[rows[r]!]!]!++;
  return counts;
}

/** Groups the items of `rows` by user. */
export function itemsByUser(table: InteractionTable, rows: Int32Array, numUsers: number): UserItems {
  const counts = countPerUser(table, rows, numUsers);
  const offsets = new Int32Array(numUsers + 1);
  for (let u = 0; u < numUsers; u++) offsets[u + 1] = offsets[u]! + counts[u]!;
  const items = new Int32Array(rows.length);
  const cursor = offsets.slice(0, numUsers);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const u = table.user[row]!;
    items[cursor[u]!++] = table.item[row]!;
  }
  return { offsets, items };
}

/** The items of one user, as a view (no copy). */
export function itemsOf(index: UserItems, user: number): Int32Array {
  return index.items.subarray(index.offsets[user]!, index.offsets[user + 1]!);
}
