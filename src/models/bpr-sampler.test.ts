import { describe, expect, it } from 'vitest';
import { BprSampler } from './bpr-sampler.ts';
import { Random } from './random.ts';
import { ALL_ROWS, CLUSTERS, tinyTable } from './testing/tiny-table.ts';

describe('BprSampler', () => {
  it('gives every training interaction once, each with an unseen negative', () => {
    const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    const epoch = sampler.epoch(new Random(3));
    expect(epoch.user.length).toBe(CLUSTERS.length);
    const pairs = new Set<string>();
    for (let k = 0; k < epoch.user.length; k++) {
      const u = epoch.user[k]!;
      pairs.add(`${u}:${epoch.positive[k]}`);
      expect(sampler.hasSeen(u, epoch.positive[k]!)).toBe(true);
      expect(sampler.hasSeen(u, epoch.negative[k]!)).toBe(false);
    }
    expect(pairs.size).toBe(CLUSTERS.length);
  });

  it('only samples among the training rows it was given', () => {
    // Train on user 0's first two rows: items 2 and 3 are then unseen for user 0.
    const sampler = new BprSampler(CLUSTERS, Int32Array.of(0, 1), 4, 6);
    expect(sampler.hasSeen(0, 1)).toBe(true);
    expect(sampler.hasSeen(0, 2)).toBe(false);
  });

  it('draws negatives uniformly among unseen items', () => {
    // User 0 saw items 0..2 of 6: negatives are 3, 4, 5 with probability 1/3 each.
    const table = tinyTable([[0, 0, 1, 1], [0, 1, 1, 2], [0, 2, 1, 3]]);
    const sampler = new BprSampler(table, Int32Array.of(0, 1, 2), 1, 6);
    const rng = new Random(11);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let k = 0; k < 3000; k++) counts[sampler.sampleNegative(0, rng)]!++;
    expect(counts.slice(0, 3)).toEqual([0, 0, 0]);
    for (const c of counts.slice(3)) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });

  it('skips a user who has seen every item (no negative exists)', () => {
    const table = tinyTable([[0, 0, 1, 1], [0, 1, 1, 2], [1, 0, 1, 1]]);
    const sampler = new BprSampler(table, Int32Array.of(0, 1, 2), 2, 2);
    const epoch = sampler.epoch(new Random(1));
    expect(Array.from(epoch.user)).toEqual([1]);
    expect(Array.from(epoch.negative)).toEqual([1]);
  });
});
