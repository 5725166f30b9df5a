import { describe, expect, it } from 'vitest';
import { RecError } from '../errors.ts';
import { evaluateRanking, evaluateRating } from '../eval/evaluate.ts';
import { fourByThree, NUM_ITEMS, NUM_USERS } from '../../tests/helpers/eval/four-by-three.ts';
import { PopularityModel } from './popularity-model.ts';

// The 4 × 3 example (see tests/helpers/eval/four-by-three.ts): training interactions A 2, B 2, C 1.
const { table, split } = fourByThree();
const dims = { numUsers: NUM_USERS, numItems: NUM_ITEMS };

describe('PopularityModel, ranking', () => {
  const model = PopularityModel.fit(table, split.train, dims);

  it('scores every user with the training counts', async () => {
    expect(model.kind).toBe('popularity');
    expect(Array.from(await model.scoreUsers(Int32Array.of(2, 0)))).toEqual([2, 2, 1, 2, 2, 1]);
    expect(Array.from(await model.scorePairs(Int32Array.of(1, 3), Int32Array.of(2, 0)))).toEqual([1, 2]);
    expect(await model.userEmbeddings()).toBeNull();
  });

  it('ranks the held-out items as worked out by hand', async () => {
    //   u0: candidates {C} (A train, B validation)        → rank 0
    //   u1: candidates {A, C}: A (2) beats C (1)           → rank 1
    //   u2: candidates {C}                                 → rank 0
    //   u3: candidates {A, B}: target A ties B at 2        → rank 1 (pessimistic)
    // HR@1 = NDCG@1 = 2/4; HR@2 = 1; NDCG@2 = (1 + 1/log2 3 + 1 + 1/log2 3) / 4 = 0.815465
    const report = await evaluateRanking(model, table, split, { target: 'test', ks: [1, 2] });
    expect(Array.from(report.perUser.rank)).toEqual([0, 1, 0, 1]);
    expect(report.overall['HR@1']).toBe(0.5);
    expect(report.overall['NDCG@1']).toBe(0.5);
    expect(report.overall['HR@2']).toBe(1);
    expect(report.overall['NDCG@2']).toBeCloseTo(0.815465, 6);
  });

  it('refuses rows outside the given dimensions', () => {
    expect(() => PopularityModel.fit(table, split.train, { numUsers: 4, numItems: 2 })).toThrow(RecError);
  });

  it('refuses unknown users and items', async () => {
    await expect(model.scoreUsers(Int32Array.of(4))).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
    await expect(model.scorePairs(Int32Array.of(0), Int32Array.of(3))).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
  });
});

describe('PopularityModel, rating', () => {
  const model = PopularityModel.fit(table, split.train, { ...dims, task: 'rating' });

  it('predicts item means, with the global mean for an item without rated training rows', async () => {
    // A {4, 2} → 3; B {3, 5} → 4; C only implicit → global mean (4 + 3 + 2 + 5) / 4 = 3.5
    expect(Array.from(model.itemScores)).toEqual([3, 4, 3.5]);
    expect(Array.from(await model.scorePairs(Int32Array.of(0, 1), Int32Array.of(1, 2)))).toEqual([4, 3.5]);
  });

  it('gets the hand-computed RMSE and MAE', async () => {
    // test: u0 C 5, u1 C 3, u2 C 4, u3 A 2 → errors 1.5, 0.5, 0.5, 1
    // RMSE = sqrt((2.25 + 0.25 + 0.25 + 1) / 4) = 0.968246; MAE = 0.875
    const report = await evaluateRating(model, table, split, { target: 'test' });
    expect(report.overall['RMSE']).toBeCloseTo(0.968246, 6);
    expect(report.overall['MAE']).toBeCloseTo(0.875, 6);
  });

  it('cannot fit ratings from implicit feedback', () => {
    const implicit = { ...table, rating: new Float32Array(table.length).fill(Number.NaN) };
    expect(() => PopularityModel.fit(implicit, split.train, { ...dims, task: 'rating' })).toThrow(/no ratings/);
  });
});
