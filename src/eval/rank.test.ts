import { describe, expect, it } from 'vitest';
import { EvalError } from './eval-error.ts';
import { TargetRanker } from './rank.ts';

describe('TargetRanker', () => {
  // items:     0    1    2    3    4
  const scores = [0.9, 0.5, 0.7, 0.1, 0.5];
  const ranker = new TargetRanker(5);

  it('counts the candidates scoring above the target, skipping excluded items', () => {
    // target 2 (0.7): only item 0 (0.9) is higher, and it is excluded → rank 0 of 4 candidates
    expect(ranker.rank(scores, 2, [0])).toEqual({ rank: 0, candidates: 4 });
    // nothing excluded: item 0 beats it → rank 1 of 5
    expect(ranker.rank(scores, 2, [])).toEqual({ rank: 1, candidates: 5 });
    // target 3 (0.1) is last among {1, 2, 3, 4} → rank 3
    expect(ranker.rank(scores, 3, [0])).toEqual({ rank: 3, candidates: 4 });
  });

  it('is pessimistic on ties', () => {
    // target 1 (0.5): items 0 (0.9), 2 (0.7) and 4 (tie at 0.5) all count → rank 3; item 0 excluded → 2
    expect(ranker.rank(scores, 1, [])).toEqual({ rank: 3, candidates: 5 });
    expect(ranker.rank(scores, 1, [0])).toEqual({ rank: 2, candidates: 4 });
  });

  it('puts a constant scorer last, whatever the target', () => {
    const flat = [1, 1, 1, 1, 1];
    for (let target = 0; target < 5; target++) {
      expect(ranker.rank(flat, target, [3])).toEqual({ rank: target === 3 ? 4 : 3, candidates: target === 3 ? 5 : 4 });
    }
  });

  it('ignores duplicate exclusions and never excludes the target', () => {
    expect(ranker.rank(scores, 2, [0, 0, 2, 0])).toEqual({ rank: 0, candidates: 4 });
  });

  it('rejects NaN scores with a typed error naming the item', () => {
    expect(() => ranker.rank([0.1, Number.NaN, 0.3, 0, 0], 2, [], 7)).toThrow(/user 7, item 1 as NaN/);
    try {
      ranker.rank([Number.NaN, 0, 0, 0, 0], 0, []);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EvalError);
      expect((error as EvalError).code).toBe('EVAL_BAD_SCORE');
    }
  });

  it('accepts -Infinity as a mask', () => {
    expect(ranker.rank([-Infinity, 0.2, 0.3, -Infinity, 0], 4, [])).toEqual({ rank: 2, candidates: 5 });
  });
});
