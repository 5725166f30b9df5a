import { describe, expect, it } from 'vitest';
import type { Dataset } from '../types.ts';
import { summarizeDataset } from './summarize.ts';

function dataset(users: number[], items: number[], ratings: number[], userCount: number, itemCount: number): Dataset {
  return {
    name: 't',
    format: 'generic-csv',
    users: Array.from({ length: userCount }, (_, index) => ({ index, id: `u${index}` })),
    items: Array.from({ length: itemCount }, (_, index) => ({ index, id: `i${index}`, title: `I${index}`, genres: [] })),
    interactions: {
      length: users.length,
      user: Int32Array.from(users),
      item: Int32Array.from(items),
      rating: Float32Array.from(ratings),
      timestamp: new Float64Array(users.length),
    },
  };
}

describe('summarizeDataset', () => {
  it('counts rated items, a sorted histogram with integer keys as "4.0", and the per-user median', () => {
    // user 0: 3 rows, user 1: 1 row, user 2: 2 rows → sorted counts 1, 2, 3 → median 2.
    const s = summarizeDataset(dataset([0, 0, 0, 1, 2, 2], [0, 1, 2, 0, 1, 0], [4, 0.5, 4, 5, 0.5, Number.NaN], 3, 4));
    expect(s).toMatchObject({ users: 3, items: 4, ratedItems: 3, interactions: 6 });
    expect(Object.entries(s.ratingHistogram)).toEqual([
      ['0.5', 2],
      ['4.0', 2],
      ['5.0', 1],
      ['none', 1],
    ]);
    expect(s.interactionsPerUser).toEqual({ min: 1, median: 2, max: 3 });
  });

  it('averages the two middle counts for an even number of users', () => {
    // counts 1 and 4 → median 2.5
    const s = summarizeDataset(dataset([0, 1, 1, 1, 1], [0, 0, 1, 2, 3], [1, 1, 1, 1, 1], 2, 4));
    expect(s.interactionsPerUser).toEqual({ min: 1, median: 2.5, max: 4 });
  });
});
