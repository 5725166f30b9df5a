/**
 * A synthetic dataset with a purely sequential pattern: every user walks around a ring of items,
 * item i always followed by item i + 1 (mod items), starting at a random item. Each user's items
 * are an arc of the ring, so the item after the arc's end and the item before its start co-occur
 * with the user's items equally: a model of who-likes-what (MF) cannot tell which one comes next,
 * a sequence model can.
 */
import type { InteractionTable } from '../../../../src/data/types.ts';
import { Random } from '../../../../src/random.ts';

export function cyclicWalks(users: number, items: number, length: number, seed: number): InteractionTable {
  const rng = new Random(seed);
  const n = users * length;
  const table: InteractionTable = { length: n, user: new Int32Array(n), item: new Int32Array(n), rating: new Float32Array(n).fill(NaN), timestamp: new Float64Array(n) };
  // Rows in item order within each user (as MovieLens files are), times in walk order.
  let r = 0;
  for (let u = 0; u < users; u++) {
    const start = rng.int(items);
    const walk = Array.from({ length }, (_, step) => ({ item: (start + step) % items, time: 1000 * u + step }));
    walk.sort((a, b) => a.item - b.item);
    for (const { item, time } of walk) {
      table.user[r] = u;
      table.item[r] = item;
      table.timestamp[r++] = time;
    }
  }
  return table;
}
