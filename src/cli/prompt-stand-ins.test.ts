import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types.ts';
import { mostSimilarByRatings } from './prompt-stand-ins.ts';

/**
 * User 0 rates items 0,1 as (5, 3); user 1 rates (5, 3) too → cosine 1;
 * user 2 rates items 0,2 as (4, 4) → dot with user 0 = 20, norms √34 · √32 → 0.606.
 */
function data(): Dataset {
  const rows: [number, number, number][] = [
    [0, 0, 5], [0, 1, 3],
    [1, 0, 5], [1, 1, 3],
    [2, 0, 4], [2, 2, 4],
  ];
  return {
    name: 't',
    format: 'generic-csv',
    users: [0, 1, 2].map((index) => ({ index, id: String(index) })),
    items: [0, 1, 2].map((index) => ({ index, id: String(index), title: `T${index}`, genres: [] })),
    interactions: {
      length: rows.length,
      user: Int32Array.from(rows.map((r) => r[0])),
      item: Int32Array.from(rows.map((r) => r[1])),
      rating: Float32Array.from(rows.map((r) => r[2])),
      timestamp: Float64Array.from(rows.map((_, i) => i)),
    },
  };
}

describe('mostSimilarByRatings', () => {
  it('picks the user with the highest cosine of rating vectors, never the user itself', () => {
    const all = Int32Array.from([0, 1, 2, 3, 4, 5]);
    expect(mostSimilarByRatings(data(), all, 0)).toEqual({ user: 1, similarity: expect.closeTo(1, 10) });
    // Without user 1's rows, user 2 is the only one sharing an item.
    expect(mostSimilarByRatings(data(), Int32Array.from([0, 1, 4, 5]), 0)?.similarity).toBeCloseTo(20 / (Math.sqrt(34) * Math.sqrt(32)), 10);
  });
  it('returns null when nobody shares an item', () => {
    expect(mostSimilarByRatings(data(), Int32Array.from([0, 1]), 0)).toBeNull();
  });
});
