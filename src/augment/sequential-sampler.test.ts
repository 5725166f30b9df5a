import { describe, expect, it } from 'vitest';
import { planCandidateSets } from './sequential-sampler.ts';
import { AugmentError } from './augment-error.ts';

const COUNTS = [5, 1, 3];
const INTERACTED: Record<number, number[]> = { 0: [0, 1, 2, 3, 4], 1: [7], 2: [1, 2, 3] };
const base = { counts: COUNTS, interacted: (u: number) => new Set(INTERACTED[u]), numItems: 30, seed: 5 };

describe('planCandidateSets', () => {
  it('gives long-tail users first disjoint sets of k un-interacted items, within the call budget', () => {
    const plan = planCandidateSets({ ...base, budget: { setsPerUser: 3, setSize: 4, maxCalls: 5 } });
    expect(plan.map((p) => [p.user, p.sets.length])).toEqual([[1, 3], [2, 2]]);
    for (const { user, sets } of plan) {
      const all = sets.flat();
      expect(new Set(all).size).toBe(all.length); // disjoint, no repeats
      expect(sets.every((s) => s.length === 4)).toBe(true);
      expect(all.some((i) => INTERACTED[user]!.includes(i))).toBe(false);
    }
  });

  it('repeats from the seed, and a user\'s sets do not depend on the budget', () => {
    const a = planCandidateSets({ ...base, budget: { setsPerUser: 3, setSize: 4, maxCalls: 5 } });
    expect(planCandidateSets({ ...base, budget: { setsPerUser: 3, setSize: 4, maxCalls: 5 } })).toEqual(a);
    const b = planCandidateSets({ ...base, budget: { setsPerUser: 3, setSize: 4, maxCalls: 100 } });
    expect(b[0]).toEqual(a[0]);
    expect(b[1]!.sets.slice(0, 2)).toEqual(a[1]!.sets);
    expect(planCandidateSets({ ...base, seed: 6, budget: { setsPerUser: 3, setSize: 4, maxCalls: 5 } })).not.toEqual(a);
  });

  it('makes only full sets when few items are left (pool of 5, one interacted → one set of 3)', () => {
    const plan = planCandidateSets({ ...base, pool: () => [7, 8, 9, 10, 11], budget: { setsPerUser: 2, setSize: 3, maxCalls: 1 } });
    expect(plan).toHaveLength(1);
    expect(plan[0]!.user).toBe(1);
    expect([...plan[0]!.sets[0]!].sort((x, y) => x - y).every((i) => [8, 9, 10, 11].includes(i))).toBe(true);
  });

  it('rejects a budget that cannot work', () => {
    expect(() => planCandidateSets({ ...base, budget: { setsPerUser: 1, setSize: 1, maxCalls: 5 } })).toThrow(/setSize/);
    expect(() => planCandidateSets({ ...base, budget: { setsPerUser: 0, setSize: 3, maxCalls: 5 } })).toThrow(AugmentError);
  });
});
