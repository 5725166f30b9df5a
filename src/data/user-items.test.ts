import { describe, expect, it } from 'vitest';
import { fourByThree, NUM_USERS } from '../../tests/helpers/eval/four-by-three.ts';
import { countPerUser, itemsByUser, itemsOf } from './user-items.ts';

describe('items by user', () => {
  // training rows of the 4 × 3 example: u0 A; u1 B; u2 A, B; u3 C
  const { table, split } = fourByThree();

  it('counts and groups the given rows per user, in row order', () => {
    expect(Array.from(countPerUser(table, split.train, NUM_USERS))).toEqual([1, 1, 2, 1]);
    const index = itemsByUser(table, split.train, NUM_USERS);
    expect(Array.from(index.offsets)).toEqual([0, 1, 2, 4, 5]);
    expect([0, 1, 2, 3].map((u) => Array.from(itemsOf(index, u)))).toEqual([[0], [1], [0, 1], [2]]);
  });

  it('gives users without rows an empty list', () => {
    // validation rows: only u0 (B)
    const index = itemsByUser(table, split.validation, NUM_USERS);
    expect([0, 1, 2, 3].map((u) => Array.from(itemsOf(index, u)))).toEqual([[1], [], [], []]);
  });
});
