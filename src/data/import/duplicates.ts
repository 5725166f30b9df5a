/**
 * Finds a (user, item) pair that occurs twice, in O(rows + users + items) time and without a
 * hash set of pairs (which would cost gigabytes at 25M rows): rows are bucketed by user
 * (a stable counting sort), then each user's items are stamped in one shared array.
 */

/** Returns [earlier row, later row] of the duplicate whose later row comes first in the file, or undefined. */
export function findDuplicate(
  user: Int32Array,
  item: Int32Array,
  userCount: number,
  itemCount: number,
): [number, number] | undefined {
  const n = user.length;
  const start = new Int32Array(userCount + 1);
  for (let r = 0; r < n; r++) start[user[r]! + 1]!++;
  for (let u = 0; u < userCount; u++) start[u + 1]! += start[u]!;
  const byUser = new Int32Array(n);
  const next = start.slice(0, userCount);
  for (let r = 0; r < n; r++) byUser[next[user[r]!]!++] = r;

  const stamp = new Int32Array(itemCount).fill(-1);
  const firstRow = new Int32Array(itemCount);
  let best: [number, number] | undefined;
  for (let u = 0; u < userCount; u++) {
    for (let k = start[u]!; k < start[u + 1]!; k++) {
      const r = byUser[k]!;
      const i = item[r]!;
      if (stamp[i] === u) {
        if (!best || r < best[1]) best = [firstRow[i]!, r];
      } else {
        stamp[i] = u;
        firstRow[i] = r;
      }
    }
  }
  return best;
}
