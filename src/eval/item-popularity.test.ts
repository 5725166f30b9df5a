import { describe, expect, it } from 'vitest';
import { countPerItem, itemPopularityGroups } from './item-popularity.ts';
import { summarizeRatings } from './summarize.ts';

describe('item-popularity groups', () => {
  it('bin held-out items by their training count, dropping empty bins', () => {
    // Items 0..4 with 0, 2, 2, 7, 60 training interactions.
    const counts = Int32Array.of(0, 2, 2, 7, 60);
    const { groups, groupOf } = itemPopularityGroups(Int32Array.of(4, 0, 1, 2, 0, 3), counts);
    expect(groups.map((g) => g.label)).toEqual([
      'items with 0 training ratings',
      'items with 1–2 training ratings',
      'items with 3–10 training ratings',
      'items with 51+ training ratings',
    ]);
    expect(groups.map((g) => g.users)).toEqual([2, 2, 1, 1]);
    expect(Array.from(groupOf)).toEqual([3, 0, 1, 1, 0, 2]);
    expect(groups[3]!.maxInteractions).toBe(60);

    // RMSE per bin, by hand: bin "0" has errors 1 and 3 → √5; bin "1–2" errors 0 and 2 → √2.
    const prediction = Float32Array.of(4, 3, 2, 4, 5, 1);
    const rating = Float32Array.of(4, 4, 2, 2, 2, 1);
    const summary = summarizeRatings(prediction, rating, groupOf, groups);
    expect(summary.groups[0]!.metrics.RMSE).toBeCloseTo(Math.sqrt(5), 6);
    expect(summary.groups[1]!.metrics.RMSE).toBeCloseTo(Math.sqrt(2), 6);
    expect(summary.groups[1]!.metrics.MAE).toBeCloseTo(1, 6);
  });

  it('count training rows per item and refuse bad bins', () => {
    const table = { length: 4, user: Int32Array.of(0, 0, 1, 1), item: Int32Array.of(2, 0, 2, 1), rating: new Float32Array(4), timestamp: new Float64Array(4) };
    expect(Array.from(countPerItem(table, Int32Array.of(0, 2, 3), 3))).toEqual([0, 1, 2]);
    expect(() => itemPopularityGroups(Int32Array.of(0), Int32Array.of(0), [1, 2])).toThrow(/starting at 0/);
    expect(() => itemPopularityGroups(Int32Array.of(0), Int32Array.of(0), [0, 3, 3])).toThrow(/increasing/);
  });
});
