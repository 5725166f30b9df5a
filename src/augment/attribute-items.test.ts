import { describe, expect, it } from 'vitest';
import { AugmentError } from './augment-error.ts';
import { itemsRatedByTailUsers } from './attribute-items.ts';

describe('itemsRatedByTailUsers', () => {
  // Users 0..3 with N(u) = 4, 1, 2, 3: the two tail users are 1 and 2.
  // Rows (user, item): u0 {0,1,2,3}, u1 {5}, u2 {5,4}, u3 {0,4,6}.
  const rows: [number, number][] = [[0, 0], [0, 1], [0, 2], [0, 3], [1, 5], [2, 5], [2, 4], [3, 0], [3, 4], [3, 6]];
  const table = { length: rows.length, user: Int32Array.from(rows.map((r) => r[0])), item: Int32Array.from(rows.map((r) => r[1])) };
  const counts = [4, 1, 2, 3];

  it('orders the tail users’ items by how many of them interacted, ties by index', () => {
    expect(itemsRatedByTailUsers(table, counts, 2)).toEqual([5, 4]);
    // Adding user 3: item 4 now has two tail users like item 5 and wins the tie by index.
    expect(itemsRatedByTailUsers(table, counts, 3)).toEqual([4, 5, 0, 6]);
  });

  it('rejects a tail size that is not a whole number', () => {
    expect(() => itemsRatedByTailUsers(table, counts, 1.5)).toThrow(AugmentError);
  });
});
