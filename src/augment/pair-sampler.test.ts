import { describe, expect, it } from 'vitest';
import { pairKey, planPairs, samplePairs, usersLongTailFirst } from './pair-sampler.ts';
import { userRandom } from './user-random.ts';
import { AugmentError } from './augment-error.ts';

const COUNTS = [5, 1, 3, 1, 0];
const INTERACTED: Record<number, number[]> = { 0: [0, 1, 2, 3, 4], 1: [7], 2: [1, 2, 3], 3: [9], 4: [] };
const base = {
  counts: COUNTS,
  interacted: (u: number) => new Set(INTERACTED[u]),
  numItems: 12,
  seed: 42,
};

describe('usersLongTailFirst', () => {
  it('orders by interaction count, ties by index, and drops users below the minimum', () => {
    expect(usersLongTailFirst(COUNTS)).toEqual([1, 3, 2, 0]);
    expect(usersLongTailFirst(COUNTS, 3)).toEqual([2, 0]);
  });
});

describe('samplePairs', () => {
  it('draws distinct pairs of distinct items the user has not interacted with', () => {
    const interacted = new Set([0, 1, 2]);
    const pairs = samplePairs(Int32Array.from({ length: 30 }, (_, i) => i), interacted, 40, userRandom(1, 0));
    expect(pairs).toHaveLength(40);
    const keys = new Set(pairs.map(([a, b]) => pairKey(0, a, b)));
    expect(keys.size).toBe(40);
    for (const [a, b] of pairs) {
      expect(a).not.toBe(b);
      expect(interacted.has(a) || interacted.has(b)).toBe(false);
    }
  });

  it('returns every possible pair when fewer exist than asked (3 free items → 3 pairs)', () => {
    const pairs = samplePairs([5, 6, 7, 8, 8], new Set([5]), 10, userRandom(1, 0));
    expect(pairs.map(([a, b]) => pairKey(0, a, b)).sort()).toEqual(['0:6:7', '0:6:8', '0:7:8']);
    expect(samplePairs([5, 6], new Set([5]), 3, userRandom(1, 0))).toEqual([]);
  });

  it('is deterministic per (seed, user)', () => {
    const pool = Int32Array.from({ length: 100 }, (_, i) => i);
    const a = samplePairs(pool, new Set(), 10, userRandom(7, 3));
    expect(samplePairs(pool, new Set(), 10, userRandom(7, 3))).toEqual(a);
    expect(samplePairs(pool, new Set(), 10, userRandom(8, 3))).not.toEqual(a);
    expect(samplePairs(pool, new Set(), 10, userRandom(7, 4))).not.toEqual(a);
  });
});

describe('planPairs', () => {
  it('serves long-tail users first within the call budget', () => {
    const plan = planPairs({ ...base, budget: { pairsPerUser: 2, maxCalls: 5 } });
    expect(plan.map((p) => [p.user, p.pairs.length])).toEqual([[1, 2], [3, 2], [2, 1]]);
    for (const { user, pairs } of plan) {
      for (const [a, b] of pairs) expect(INTERACTED[user]!.includes(a) || INTERACTED[user]!.includes(b)).toBe(false);
    }
  });

  it('recomputes the same plan from the same seed, and a user\'s pairs do not depend on the budget', () => {
    const small = planPairs({ ...base, budget: { pairsPerUser: 2, maxCalls: 5 } });
    expect(planPairs({ ...base, budget: { pairsPerUser: 2, maxCalls: 5 } })).toEqual(small);
    const large = planPairs({ ...base, budget: { pairsPerUser: 2, maxCalls: 100 } });
    expect(large.slice(0, 2)).toEqual(small.slice(0, 2));
    expect(large[2]!.pairs.slice(0, 1)).toEqual(small[2]!.pairs);
    expect(large.map((p) => p.user)).toEqual([1, 3, 2, 0]);
  });

  it('draws from a per-user pool when given', () => {
    const plan = planPairs({ ...base, budget: { pairsPerUser: 1, maxCalls: 10 }, pool: () => [7, 8, 9] });
    // User 1 interacted with 7 and user 3 with 9, so each has exactly one possible pair left.
    expect(plan.find((p) => p.user === 1)!.pairs.map(([a, b]) => pairKey(1, a, b))).toEqual(['1:8:9']);
    expect(plan.find((p) => p.user === 3)!.pairs.map(([a, b]) => pairKey(3, a, b))).toEqual(['3:7:8']);
  });

  it('rejects a budget that cannot work, naming the field', () => {
    expect(() => planPairs({ ...base, budget: { pairsPerUser: 0, maxCalls: 5 } })).toThrow(AugmentError);
    expect(() => planPairs({ ...base, budget: { pairsPerUser: 2, maxCalls: -1 } })).toThrow(/maxCalls/);
    expect(() => planPairs({ ...base, budget: { pairsPerUser: 1.5, maxCalls: 5 } })).toThrow(/pairsPerUser/);
  });
});
