import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import { defaultBatchUsers, evaluateRanking, evaluateRating } from './evaluate.ts';
import { fourByThree, NUM_ITEMS, NUM_USERS, tableFromRows, type Row } from '../../tests/helpers/eval/four-by-three.ts';
import { ScoreFnModel } from '../../tests/helpers/eval/score-fn-model.ts';

/**
 * A tiny dataset: 12 users × 30 items. User u interacts with items (u·7 + j·11) mod 30 for
 * j = 0..(3 + u mod 5); the last of those is the test item, the one before it validation.
 */
function tinyDataset() {
  const rows: Row[] = [];
  const testItem: number[] = [];
  const validationItem: number[] = [];
  for (let u = 0; u < 12; u++) {
    const n = 4 + (u % 5);
    for (let j = 0; j < n; j++) {
      const item = (u * 7 + j * 11) % 30;
      const role = j === n - 1 ? 'test' : j === n - 2 ? 'validation' : 'train';
      if (role === 'test') testItem[u] = item;
      if (role === 'validation') validationItem[u] = item;
      rows.push([u, item, 1 + (j % 5), role]);
    }
  }
  return { ...tableFromRows(rows), testItem, validationItem };
}

describe('evaluateRanking on a tiny dataset', () => {
  const { table, split, testItem, validationItem } = tinyDataset();
  const trainItems = (u: number) => new Set(Array.from(split.train, (r) => r).filter((r) => table.user[r] === u).map((r) => table.item[r]));

  it('gives an oracle HR@1 = NDCG@1 = 1, even when it scores seen items higher still', async () => {
    // train items 3, validation item 2, test item 1, the rest 0: exclusions must leave the test item first
    const oracle = new ScoreFnModel(12, 30, (u, i) =>
      trainItems(u).has(i) ? 3 : i === validationItem[u] ? 2 : i === testItem[u] ? 1 : 0,
    );
    const report = await evaluateRanking(oracle, table, split, { target: 'test', ks: [1, 3] });
    expect(report.users).toBe(12);
    expect(report.overall).toEqual({ 'HR@1': 1, 'NDCG@1': 1, 'HR@3': 1, 'NDCG@3': 1 });
    expect(Array.from(report.perUser.rank)).toEqual(new Array(12).fill(0));
    // candidates = 30 items − train items − validation item (user u has 4 + u mod 5 interactions)
    expect(Array.from(report.perUser.candidates)).toEqual(Array.from({ length: 12 }, (_, u) => 30 - (4 + (u % 5)) + 1));
  });

  it('gives a reversed oracle (target scored lowest) HR@k = 0', async () => {
    const reversed = new ScoreFnModel(12, 30, (u, i) => (i === testItem[u] ? -1 : 0));
    const report = await evaluateRanking(reversed, table, split, { target: 'test', ks: [1, 10] });
    expect(report.overall).toEqual({ 'HR@1': 0, 'NDCG@1': 0, 'HR@10': 0, 'NDCG@10': 0 });
    // last place: rank = candidates − 1
    expect(Array.from(report.perUser.rank)).toEqual(Array.from(report.perUser.candidates, (c) => c - 1));
  });

  it('gives a constant scorer nothing (pessimistic ties)', async () => {
    const constant = new ScoreFnModel(12, 30, () => 0.5);
    const report = await evaluateRanking(constant, table, split, { target: 'test' });
    for (const value of Object.values(report.overall)) expect(value).toBe(0);
  });

  it('scores users in batches of batchUsers, in user order, and reports progress', async () => {
    const oracle = new ScoreFnModel(12, 30, (u, i) => (i === testItem[u] ? 1 : 0));
    const progress: Progress[] = [];
    await evaluateRanking(oracle, table, split, { target: 'test', batchUsers: 5, onProgress: (p) => progress.push(p) });
    expect(oracle.batches).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11],
    ]);
    expect(progress.map((p) => p.done)).toEqual([0, 5, 10, 12]);
    expect(progress.every((p) => p.total === 12)).toBe(true);
  });

  it('ranks the validation item with the test item still a candidate', async () => {
    // the test item scores highest: it is not excluded when the target is validation → rank 1
    const model = new ScoreFnModel(12, 30, (u, i) => (i === testItem[u] ? 2 : i === validationItem[u] ? 1 : 0));
    const report = await evaluateRanking(model, table, split, { target: 'validation', ks: [1, 2] });
    expect(Array.from(report.perUser.rank)).toEqual(new Array(12).fill(1));
    expect(Array.from(report.perUser.item)).toEqual(validationItem);
    expect(report.overall['HR@1']).toBe(0);
    expect(report.overall['HR@2']).toBe(1);
  });

  it('stops when the signal fires', async () => {
    const controller = new AbortController();
    const model = new ScoreFnModel(12, 30, () => 0);
    const run = evaluateRanking(model, table, split, {
      target: 'test',
      batchUsers: 4,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 4) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    expect(model.batches.length).toBe(1);
  });
});

describe('evaluateRanking on the 4 × 3 example', () => {
  // Ranks worked out in testing/four-by-three.ts terms with the scores below (higher is better):
  // the model prefers C > B > A for everyone.
  //   u0: candidates {C} (A train, B validation)  → C rank 0
  //   u1: candidates {A, C}                        → C rank 0
  //   u2: candidates {C}                           → C rank 0
  //   u3: candidates {A, B} (C train), target A    → B beats A → rank 1
  const { table, split } = fourByThree();
  const model = new ScoreFnModel(NUM_USERS, NUM_ITEMS, (_, i) => i);

  it('matches the hand-computed ranks, overall and per group', async () => {
    const report = await evaluateRanking(model, table, split, { target: 'test', ks: [1, 2] });
    expect(Array.from(report.perUser.rank)).toEqual([0, 0, 0, 1]);
    expect(Array.from(report.perUser.candidates)).toEqual([1, 2, 1, 2]);
    expect(Array.from(report.perUser.trainCount)).toEqual([1, 1, 2, 1]);
    // HR@1 = 3/4; NDCG@2 = (1 + 1 + 1 + 1/log2 3) / 4 = 0.907732
    expect(report.overall['HR@1']).toBe(0.75);
    expect(report.overall['NDCG@2']).toBeCloseTo(0.907732, 6);
    // quintiles of 4 users sorted (1,u0) (1,u1) (1,u3) (2,u2): Q2 u0, Q3 u1, Q4 u3, Q5 u2
    expect(report.groups.map((g) => [g.label, g.users, g.metrics['HR@1']])).toEqual([
      ['Q2 (1 interaction)', 1, 1],
      ['Q3 (1 interaction)', 1, 1],
      ['Q4 (1 interaction)', 1, 0],
      ['Q5 (2 interactions)', 1, 1],
    ]);
  });
});

describe('evaluateRating on the 4 × 3 example', () => {
  const { table, split } = fourByThree();

  it('computes RMSE and MAE on the held-out ratings', async () => {
    // predictions 3.5 for C and 3 for A; test ratings u0 C 5, u1 C 3, u2 C 4, u3 A 2
    // errors 1.5, 0.5, 0.5, 1 → RMSE sqrt(3.75 / 4) = 0.968246, MAE 3.5 / 4 = 0.875
    const model = new ScoreFnModel(NUM_USERS, NUM_ITEMS, (_, i) => [3, 4, 3.5][i]!);
    const report = await evaluateRating(model, table, split, { target: 'test' });
    expect(report.users).toBe(4);
    expect(report.unrated).toBe(0);
    expect(report.overall['RMSE']).toBeCloseTo(0.968246, 6);
    expect(report.overall['MAE']).toBeCloseTo(0.875, 6);
    expect(Array.from(report.perUser.prediction)).toEqual([3.5, 3.5, 3.5, 3]);
    expect(report.groups.map((g) => g.metrics['MAE'])).toEqual([1.5, 0.5, 1, 0.5]);
  });

  it('skips held-out interactions without a rating', async () => {
    const unratedTable = { ...table, rating: table.rating.slice() };
    unratedTable.rating[split.test[1]!] = Number.NaN; // u1's test row becomes implicit
    const model = new ScoreFnModel(NUM_USERS, NUM_ITEMS, (_, i) => [3, 4, 3.5][i]!);
    const report = await evaluateRating(model, unratedTable, split, { target: 'test' });
    // errors 1.5, 0.5, 1 → RMSE sqrt(3.5 / 3) = 1.080123, MAE 1
    expect(report.users).toBe(3);
    expect(report.unrated).toBe(1);
    expect(Array.from(report.perUser.user)).toEqual([0, 2, 3]);
    expect(report.overall['RMSE']).toBeCloseTo(1.080123, 6);
    expect(report.overall['MAE']).toBeCloseTo(1, 6);
  });

  it('refuses a BPR model, whose scores are not ratings', async () => {
    const bpr = new ScoreFnModel(NUM_USERS, NUM_ITEMS, () => 4, 'mf-bpr');
    await expect(evaluateRating(bpr, table, split, { target: 'test' })).rejects.toMatchObject({ code: 'EVAL_BAD_OPTION' });
  });

  it('refuses a SASRec model, whose scores rank the next item', async () => {
    const sasrec = new ScoreFnModel(NUM_USERS, NUM_ITEMS, () => 4, 'sasrec');
    await expect(evaluateRating(sasrec, table, split, { target: 'test' })).rejects.toMatchObject({
      code: 'EVAL_BAD_OPTION',
      message: expect.stringContaining('sasrec scores are next-item preferences'),
    });
  });

  it('rejects non-finite predictions', async () => {
    const model = new ScoreFnModel(NUM_USERS, NUM_ITEMS, () => Number.NaN);
    await expect(evaluateRating(model, table, split, { target: 'test' })).rejects.toMatchObject({ code: 'EVAL_BAD_SCORE' });
  });
});

describe('bad input', () => {
  const { table, split } = fourByThree();
  const model = new ScoreFnModel(NUM_USERS, NUM_ITEMS, () => 0);

  it('names an empty target split', async () => {
    const empty = { ...split, validation: new Int32Array(0) };
    await expect(evaluateRanking(model, table, empty, { target: 'validation' })).rejects.toMatchObject({
      code: 'EVAL_NO_TARGETS',
    });
  });

  it('refuses two held-out rows for one user', async () => {
    const twice = { ...split, test: Int32Array.of(...split.test, 0) }; // row 0 is u0's too
    await expect(evaluateRanking(model, table, twice, { target: 'test' })).rejects.toMatchObject({
      code: 'EVAL_DUPLICATE_TARGET',
      message: expect.stringMatching(/User 0 has more than one test row/),
    });
  });

  it('refuses a model that knows fewer items than the table', async () => {
    const small = new ScoreFnModel(NUM_USERS, 2, () => 0);
    await expect(evaluateRanking(small, table, split, { target: 'test' })).rejects.toMatchObject({
      code: 'EVAL_MODEL_MISMATCH',
    });
  });

  it('sizes default batches to about 4M scores', () => {
    expect(defaultBatchUsers(9742)).toBe(430); // floor(4194304 / 9742)
    expect(defaultBatchUsers(3)).toBe(1024);
    expect(defaultBatchUsers(10_000_000)).toBe(1);
  });

  it('refuses bad ks and batch sizes', async () => {
    await expect(evaluateRanking(model, table, split, { target: 'test', ks: [0] })).rejects.toMatchObject({
      code: 'EVAL_BAD_OPTION',
    });
    await expect(evaluateRanking(model, table, split, { target: 'test', batchUsers: 0 })).rejects.toMatchObject({
      code: 'EVAL_BAD_OPTION',
    });
  });
});
