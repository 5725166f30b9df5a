import { describe, expect, it } from 'vitest';
import { hitRatioAt, mae, mean, ndcgAt, rankingMetrics, ratingMetrics, rmse } from './metrics.ts';

// Hand-computed constants: 1/log2(2) = 1, 1/log2(3) = 0.6309297535714575, 1/log2(4) = 0.5.
const INV_LOG2_3 = 0.6309297535714575;

describe('hit ratio and NDCG for a single held-out item', () => {
  it('counts a hit only inside the top k', () => {
    expect(hitRatioAt(0, 1)).toBe(1);
    expect(hitRatioAt(1, 1)).toBe(0);
    expect(hitRatioAt(9, 10)).toBe(1);
    expect(hitRatioAt(10, 10)).toBe(0);
  });

  it('discounts by 1/log2(rank + 2)', () => {
    expect(ndcgAt(0, 3)).toBe(1);
    expect(ndcgAt(1, 3)).toBeCloseTo(INV_LOG2_3, 12);
    expect(ndcgAt(2, 3)).toBeCloseTo(0.5, 12);
    expect(ndcgAt(3, 3)).toBe(0);
    // rank 6: 1/log2(8) = 1/3
    expect(ndcgAt(6, 10)).toBeCloseTo(1 / 3, 12);
  });
});

describe('means over users (4 users × 3 items)', () => {
  // The held-out item of each of 4 users lands at rank u0 0, u1 1, u2 2, u3 1 (among 3 items).
  // HR@1 = 1/4; HR@2 = 3/4; HR@3 = 4/4.
  // NDCG@2 = (1 + 1/log2 3 + 0 + 1/log2 3) / 4 = (1 + 2 · 0.63093) / 4 = 0.565465
  // NDCG@3 = (1 + 1/log2 3 + 1/2 + 1/log2 3) / 4 = 0.690465
  const ranks = Int32Array.of(0, 1, 2, 1);

  it('averages HR and NDCG at each k', () => {
    const m = rankingMetrics(ranks, [1, 2, 3]);
    expect(Object.keys(m)).toEqual(['HR@1', 'NDCG@1', 'HR@2', 'NDCG@2', 'HR@3', 'NDCG@3']);
    expect(m['HR@1']).toBe(0.25);
    expect(m['NDCG@1']).toBe(0.25);
    expect(m['HR@2']).toBe(0.75);
    expect(m['NDCG@2']).toBeCloseTo((1 + 2 * INV_LOG2_3) / 4, 12);
    expect(m['NDCG@2']).toBeCloseTo(0.565465, 6);
    expect(m['HR@3']).toBe(1);
    expect(m['NDCG@3']).toBeCloseTo(0.690465, 6);
  });

  it('reports NaN, not zero, when there are no users', () => {
    expect(mean([])).toBeNaN();
    expect(rankingMetrics(new Int32Array(0), [3])['HR@3']).toBeNaN();
  });
});

describe('RMSE and MAE', () => {
  // predictions 3.5, 4, 2, 5 against truths 4, 4, 3, 3: errors -0.5, 0, -1, 2
  // RMSE = sqrt((0.25 + 0 + 1 + 4) / 4) = sqrt(1.3125) = 1.145644; MAE = (0.5 + 0 + 1 + 2) / 4 = 0.875
  const predictions = [3.5, 4, 2, 5];
  const truths = [4, 4, 3, 3];

  it('matches the hand computation', () => {
    expect(rmse(predictions, truths)).toBeCloseTo(1.145644, 6);
    expect(mae(predictions, truths)).toBe(0.875);
    expect(ratingMetrics(predictions, truths)).toEqual({ RMSE: rmse(predictions, truths), MAE: 0.875 });
  });

  it('is zero for perfect predictions and rejects unpaired arrays', () => {
    expect(rmse(truths, truths)).toBe(0);
    expect(() => mae([1, 2], [1])).toThrow(RangeError);
  });
});
