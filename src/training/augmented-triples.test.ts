import { describe, expect, it } from 'vitest';
import type { AugmentedPairRecord } from '../data/db.ts';
import type { InteractionTable } from '../data/types.ts';
import { BprSampler } from '../models/bpr-sampler.ts';
import { Random } from '../random.ts';
import { triplesFromRecords } from './augmented-triples.ts';

const rec = (user: number, pos: number, neg: number, extra: Partial<AugmentedPairRecord> = {}): AugmentedPairRecord => ({
  user, pos, neg, kind: 'pair', modelId: 'm1', promptVersion: 'v', createdAt: 0, confidence: 0.9, datasetFingerprint: 'f', ...extra,
});

const RECORDS = [
  rec(0, 5, 6),
  rec(1, 7, 8, { kind: 'sequential' }),
  rec(1, 9, 5, { confidence: 0.55 }),
  rec(0, 8, 9, { modelId: 'm2' }),
];

describe('triplesFromRecords', () => {
  it('turns records into BPR triples, filtered by kind, confidence and model', () => {
    expect(triplesFromRecords(RECORDS)).toEqual({ user: Int32Array.from([0, 1, 1, 0]), positive: Int32Array.from([5, 7, 9, 8]), negative: Int32Array.from([6, 8, 5, 9]) });
    expect(Array.from(triplesFromRecords(RECORDS, { kinds: ['pair'] }).positive)).toEqual([5, 9, 8]);
    expect(Array.from(triplesFromRecords(RECORDS, { minConfidence: 0.6 }).positive)).toEqual([5, 7, 8]);
    expect(Array.from(triplesFromRecords(RECORDS, { modelId: 'm2' }).positive)).toEqual([8]);
    expect(() => triplesFromRecords(RECORDS, { minConfidence: 1.5 })).toThrow(/minConfidence/);
  });

  it('the triples reach every BPR epoch (D ∪ D_aug)', () => {
    // 2 users × 10 items; training: user 0 saw items 0, 1; user 1 saw item 2.
    const table: InteractionTable = {
      length: 3,
      user: Int32Array.from([0, 0, 1]),
      item: Int32Array.from([0, 1, 2]),
      rating: new Float32Array(3).fill(Number.NaN),
      timestamp: Float64Array.from([1, 2, 3]),
    };
    const sampler = new BprSampler(table, Int32Array.from([0, 1, 2]), 2, 10);
    const epoch = sampler.epoch(new Random(1), triplesFromRecords(RECORDS, { kinds: ['pair'] }));
    expect(epoch.user.length).toBe(3 + 3);
    const seen = new Set(Array.from(epoch.user, (u, k) => `${u}:${epoch.positive[k]}>${epoch.negative[k]}`));
    for (const t of ['0:5>6', '1:9>5', '0:8>9']) expect(seen.has(t)).toBe(true);
  });
});
