import { describe, expect, it } from 'vitest';
import type { RankingValidationCase, RatingValidationCase } from '../aggregate/tune.ts';
import { alphaFor, tailRange } from '../aggregate/long-tail.ts';
import { chooseAlpha } from './choose-alpha.ts';

// User 0 has the fewest interactions (tail position 1: α_u = α1), user 1 the most (0: α_u = α1·α2).
const COUNTS = [1, 100];

/**
 * Validation cases whose held-out item T is top-1 after blending only for some α_u (utilities
 * −position, PAPER.md §5), worked out by hand:
 *  MF [A, B, T], LLM [T, A, B]:          T wins iff α > 2/3   (−3 + 2α > −1 − α)
 *  MF [T, X, Y, A], LLM [A, T, X, Y]:    T wins iff α < 3/4   (−1 − α > −4 + 3α)
 *  MF [A, T, X, Y, Z], LLM [T, X, Y, Z, A]: T wins iff α > 1/5 (−2 + α > −1 − 4α)
 *  MF [T, A, B], LLM [A, B, T]:          T wins iff α < 1/3   (−1 − 2α > −2 + α)
 * Planted (α1, α2) = (0.7, 0.3): user 0 needs α1 in (2/3, 3/4) → only 0.7 on the grid; user 1
 * needs 0.7·α2 in (1/5, 1/3) → only α2 = 0.3. Every other grid point misses a case.
 */
function plantedRankingCases(): RankingValidationCase[] {
  const T = 9;
  const mf = (...items: number[]) => items.map((item, s) => ({ item, score: 10 - s }));
  return [
    { user: 0, mf: mf(1, 2, T), llmOrder: [T, 1, 2], target: T },
    { user: 0, mf: mf(T, 3, 4, 1), llmOrder: [1, T, 3, 4], target: T },
    { user: 1, mf: mf(1, T, 3, 4, 5), llmOrder: [T, 3, 4, 5, 1], target: T },
    { user: 1, mf: mf(T, 1, 2), llmOrder: [1, 2, T], target: T },
  ];
}

describe('choosing α1, α2 for a run on validation answers', () => {
  it('ranking: finds the planted (0.7, 0.3), the only grid point where every held-out item comes first', () => {
    const chosen = chooseAlpha({ task: 'ranking', counts: COUNTS, cases: plantedRankingCases(), k: 1 });
    expect(chosen).toEqual({ alpha1: 0.7, alpha2: 0.3, objective: { name: 'NDCG@1', value: 1 } });
  });

  it('rating: finds the planted α when the truth is the blend at that α (RMSE 0 there only)', () => {
    const counts = [1, 3, 10, 40, 200];
    const range = tailRange(counts);
    const truthAt = (alpha1: number, alpha2: number, mf: number, llm: number, user: number) => {
      const a = alphaFor(counts[user]!, range, { alpha1, alpha2 });
      return a * llm + (1 - a) * mf;
    };
    const cases: RatingValidationCase[] = counts.map((_, user) => {
      const mfRating = 3 + 0.2 * user;
      const llmRating = 4.5 - 0.3 * user;
      return { user, mfRating, llmRating, truth: truthAt(0.5, 0.7, mfRating, llmRating, user) };
    });
    const chosen = chooseAlpha({ task: 'rating', counts, cases });
    expect(chosen.alpha1).toBe(0.5);
    expect(chosen.alpha2).toBe(0.7);
    expect(chosen.objective!.value).toBeCloseTo(0, 12);
  });

  it('uniform: one α for every user, chosen from the grid (reported with α2 = 1)', () => {
    const counts = [1, 3, 10, 40, 200];
    const cases: RatingValidationCase[] = counts.map((_, user) => ({ user, mfRating: 3, llmRating: 5, truth: 0.3 * 5 + 0.7 * 3 }));
    expect(chooseAlpha({ task: 'rating', counts, cases, mode: 'uniform' })).toMatchObject({ alpha1: 0.3, alpha2: 1 });
    // The adaptive search cannot give every user 0.3 here, and does worse than RMSE 0.
    expect(chooseAlpha({ task: 'rating', counts, cases }).objective!.value).toBeGreaterThan(1e-3);
  });

  it('with fixed values reports the objective there instead of searching', () => {
    const cases = plantedRankingCases();
    const fixed = chooseAlpha({ task: 'ranking', counts: COUNTS, cases, k: 1, fixed: { alpha1: 0.9, alpha2: 0.1 } });
    expect([fixed.alpha1, fixed.alpha2]).toEqual([0.9, 0.1]);
    // α_u = 0.9 for user 0 (T first only in case 1) and 0.09 for user 1 (T first only in case 4): NDCG@1 = 2/4.
    expect(fixed.objective!.value).toBeCloseTo(0.5, 12);
    const uniform = chooseAlpha({ task: 'ranking', counts: COUNTS, cases, k: 1, mode: 'uniform', fixed: { alpha1: 0.5, alpha2: 0.1 } });
    expect([uniform.alpha1, uniform.alpha2]).toEqual([0.5, 1]);
  });
});
