import { describe, expect, it } from 'vitest';
import { rankingRecord, tuneRanking, tuneRating } from './tune.ts';
import { AggregationError } from './aggregate-error.ts';

// N = 0, 1, 3, 7 → tail position 1, 2/3, 1/3, 0; user 0 gets α = α1, user 3 gets α = α1·α2.
const COUNTS = [0, 1, 3, 7];
const MF = [{ item: 1, score: 3 }, { item: 2, score: 2 }, { item: 3, score: 1 }];

describe('tuneRanking', () => {
  it('picks the grid point with the best NDCG@k, worked out by hand', () => {
    // Case A (user 0): LLM right, order [3,1,2]; item 3 reaches the top iff
    //   α(−1) + (1−α)(−3) > α(−2) + (1−α)(−1)  ⇔  α > 2/3, i.e. only with α1 = 0.9.
    // Case B (user 3): LLM wrong, order [3,2,1]; target 1 stays first iff
    //   −1 − 2α ≥ −3 + 2α ⇔ α ≤ 1/2: α = α1·α2 = 0.01, 0.09, 0.09 keep it, 0.81 does not.
    // NDCG@1 (= HR@1): (0.1,0.1) ½, (0.1,0.9) ½, (0.9,0.1) 1, (0.9,0.9) ½.
    const result = tuneRanking({
      counts: COUNTS,
      k: 1,
      grid: [0.1, 0.9],
      cases: [
        { user: 0, mf: MF, llmOrder: [3, 1, 2], target: 3 },
        { user: 3, mf: MF, llmOrder: [3, 2, 1], target: 1 },
      ],
    });
    expect(result.table.map((r) => [r.alpha1, r.alpha2, r.ndcg])).toEqual([
      [0.1, 0.1, 0.5], [0.1, 0.9, 0.5], [0.9, 0.1, 1], [0.9, 0.9, 0.5],
    ]);
    expect(result.best).toMatchObject({ alpha1: 0.9, alpha2: 0.1, ndcg: 1, hr: 1 });
  });

  it('uses the paper grid by default (25 points) and prefers the smallest α on ties', () => {
    const result = tuneRanking({ counts: COUNTS, k: 3, cases: [{ user: 1, mf: MF, llmOrder: null, target: 2 }] });
    expect(result.table).toHaveLength(25);
    // No LLM answer: every point gives rank 1 → NDCG@3 = 1/log2(3).
    expect(result.best).toMatchObject({ alpha1: 0.1, alpha2: 0.1 });
    expect(result.best.ndcg).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('counts a target outside the candidates as a miss', () => {
    const result = tuneRanking({ counts: COUNTS, k: 3, grid: [0.5], cases: [{ user: 0, mf: MF, llmOrder: [1], target: 42 }] });
    expect(result.best.ndcg).toBe(0);
  });

  it('rejects unusable input with a typed error', () => {
    expect(() => tuneRanking({ counts: COUNTS, k: 1, cases: [] })).toThrow(AggregationError);
    expect(() => tuneRanking({ counts: COUNTS, k: 1, cases: [{ user: 9, mf: MF, llmOrder: null, target: 1 }] })).toThrow(/user 9/);
    expect(() => tuneRanking({ counts: COUNTS, k: 0, cases: [{ user: 0, mf: MF, llmOrder: null, target: 1 }] })).toThrow(/k must/);
  });

  it('makes a storable record of the choice', () => {
    const result = tuneRanking({ counts: COUNTS, k: 1, grid: [0.1, 0.9], cases: [{ user: 0, mf: MF, llmOrder: [3, 1, 2], target: 3 }] });
    expect(rankingRecord(result, { k: 1, kPrime: 3, llmModelId: 'double', validationUsers: 1, grid: [0.1, 0.9], now: 5 })).toEqual({
      task: 'ranking', alpha1: 0.9, alpha2: 0.1, objective: { name: 'NDCG@1', value: 1 },
      llmModelId: 'double', kPrime: 3, llmPlaces: 3, validationUsers: 1, grid: [0.1, 0.9], tunedAt: 5,
    });
  });
});

describe('tuneRating', () => {
  it('minimises RMSE, worked out by hand', () => {
    // user 0: mf 3, llm 5, truth 5 → pred 3 + 2α1;     user 3: mf 4, llm 1, truth 4 → pred 4 − 3α1α2.
    // (0.9, 0.1): errors 0.2 and 0.27 → RMSE √((0.04 + 0.0729)/2); every other point has an error ≥ 1.8.
    const result = tuneRating({
      counts: COUNTS,
      grid: [0.1, 0.9],
      cases: [
        { user: 0, mfRating: 3, llmRating: 5, truth: 5 },
        { user: 3, mfRating: 4, llmRating: 1, truth: 4 },
      ],
    });
    expect(result.best).toMatchObject({ alpha1: 0.9, alpha2: 0.1 });
    expect(result.best.rmse).toBeCloseTo(Math.sqrt((0.04 + 0.0729) / 2), 12);
    expect(result.best.mae).toBeCloseTo(0.235, 12);
  });
});
