import { describe, expect, it } from 'vitest';
import { BprSampler } from './bpr-sampler.ts';
import { Random } from '../random.ts';
import { ALL_ROWS, CLUSTERS, tinyTable } from '../../tests/helpers/models/tiny-table.ts';

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

  it('answers and samples the same with the seen-bitset and with the binary search (same seed, same triples)', () => {
    const bitset = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    const search = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6, { seenBitsetMaxBits: 0 });
    for (let u = 0; u < 4; u++) for (let i = 0; i < 6; i++) expect(bitset.hasSeen(u, i)).toBe(search.hasSeen(u, i));
    // Hand check from the table: user 1 saw items 0 and 1 only; user 3 saw 3 and 4.
    expect([0, 1, 2, 3, 4, 5].map((i) => search.hasSeen(1, i))).toEqual([true, true, false, false, false, false]);
    expect([0, 1, 2, 3, 4, 5].map((i) => bitset.hasSeen(3, i))).toEqual([false, false, false, true, true, false]);
    const a = bitset.epoch(new Random(9));
    const b = search.epoch(new Random(9));
    expect([a.user, a.positive, a.negative].map((x) => Array.from(x))).toEqual([b.user, b.positive, b.negative].map((x) => Array.from(x)));
  });

  it('keeps items past a 32-bit word boundary apart in the bitset', () => {
    // 40 items: items 31, 32 and 39 sit in two different words of the user's bitset row.
    const table = tinyTable([[0, 31, 1, 1], [0, 32, 1, 2], [1, 39, 1, 1]]);
    const sampler = new BprSampler(table, Int32Array.of(0, 1, 2), 2, 40);
    const seen = (u: number) => Array.from({ length: 40 }, (_, i) => i).filter((i) => sampler.hasSeen(u, i));
    expect(seen(0)).toEqual([31, 32]);
    expect(seen(1)).toEqual([39]);
  });
});
