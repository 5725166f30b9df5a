import { describe, expect, it } from 'vitest';
import { alphaFor, alphaForUsers, longTailCoefficient, tailRange } from './long-tail.ts';
import { AggregationError } from './aggregate-error.ts';

describe('long-tail coefficient and α_u', () => {
  it('l_u = ln(N(u)+1)', () => {
    expect(longTailCoefficient(0)).toBe(0);
    expect(longTailCoefficient(Math.E - 1)).toBeCloseTo(1, 12);
  });

  it('matches the formula on hand-made users', () => {
    // N = 0, 1, 3, 7 → l = ln1, ln2, ln4, ln8 = 0, L, 2L, 3L with L = ln 2.
    // l_min = 0, l_max = 3L → (l_max − l_u)/(l_max − l_min) = 1, 2/3, 1/3, 0.
    // α1 = 0.5, α2 = 0.5: α = 0.5·max(·, 0.5) = 0.5, 1/3, 0.25, 0.25.
    const a = alphaForUsers(Int32Array.from([0, 1, 3, 7]), { alpha1: 0.5, alpha2: 0.5 });
    expect(Array.from(a)).toEqual([0.5, expect.closeTo(1 / 3, 12), 0.25, 0.25]);
    // α1 = 0.9, α2 = 0.1: 0.9·[1, 2/3, 1/3, 0.1] = 0.9, 0.6, 0.3, 0.09.
    const b = alphaForUsers(Int32Array.from([0, 1, 3, 7]), { alpha1: 0.9, alpha2: 0.1 });
    expect(b[0]).toBeCloseTo(0.9, 12);
    expect(b[1]).toBeCloseTo(0.6, 12);
    expect(b[2]).toBeCloseTo(0.3, 12);
    expect(b[3]).toBeCloseTo(0.09, 12);
  });

  it('gives fewer-interaction users at least as much LLM weight', () => {
    const counts = Int32Array.from([50, 2, 400, 20, 2, 1000]);
    const a = alphaForUsers(counts, { alpha1: 0.7, alpha2: 0.1 });
    const order = Array.from(counts.keys()).sort((x, y) => counts[x]! - counts[y]!);
    for (let i = 1; i < order.length; i++) expect(a[order[i]!]!).toBeLessThanOrEqual(a[order[i - 1]!]!);
  });

  it('gives everyone the floor α1·α2 when all users have the same count (no division by zero)', () => {
    const a = alphaForUsers(Int32Array.from([5, 5, 5]), { alpha1: 0.3, alpha2: 0.5 });
    expect(Array.from(a)).toEqual([0.15, 0.15, 0.15]);
  });

  it('clamps a count outside the population range (α stays within [α1·α2, α1])', () => {
    const range = tailRange([3, 7]); // l = ln4 .. ln8
    expect(alphaFor(0, range, { alpha1: 0.9, alpha2: 0.1 })).toBeCloseTo(0.9, 12);
    expect(alphaFor(100, range, { alpha1: 0.9, alpha2: 0.1 })).toBeCloseTo(0.09, 12);
  });

  it('rejects α outside [0, 1] and bad counts with a typed error naming the field', () => {
    expect(() => alphaForUsers(Int32Array.from([1]), { alpha1: 1.5, alpha2: 0.1 })).toThrow(/alpha1/);
    expect(() => alphaForUsers(Int32Array.from([1]), { alpha1: 0.5, alpha2: Number.NaN })).toThrow(AggregationError);
    expect(() => alphaForUsers([1, -2], { alpha1: 0.5, alpha2: 0.5 })).toThrow(/user 1/);
  });
});
