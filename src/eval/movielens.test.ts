/**
 * The protocol on the embedded MovieLens latest-small, in Node: the popularity baseline's figures
 * are printed (docs/evaluation.md and docs/matrix-factorization.md quote them); the assertions are only sanity checks plus a cross-check
 * of the fast ranker against a brute-force sort of explicit candidate lists.
 *
 *   npx vitest run --project unit src/eval/movielens.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import type { Dataset, Split } from '../data/types.ts';
import { PopularityModel } from '../models/popularity-model.ts';
import { evaluatePopularity, type BaselineReports } from './baseline.ts';
import { formatReport } from './format.ts';

let dataset: Dataset;
let split: Split;
let test: BaselineReports;
let validation: BaselineReports;

beforeAll(async () => {
  dataset = await parseDatasetFromPath('public/data/ml-latest-small');
  split = leaveOneOutByTime(dataset.interactions);
  const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };
  test = await evaluatePopularity(dataset.interactions, split, dims, { target: 'test' });
  validation = await evaluatePopularity(dataset.interactions, split, dims, { target: 'validation' });
  console.log(formatReport('popularity, ml-latest-small, leave-one-out, full ranking (test)', test.ranking));
  console.log(formatReport('popularity (item mean rating), ml-latest-small (test)', test.rating!));
  console.log(formatReport('popularity, ml-latest-small (validation)', validation.ranking));
});

describe('popularity on ml-latest-small', () => {
  it('evaluates every user, in five equal activity groups', () => {
    // every user of latest-small has at least 20 ratings, so each has a test and a validation row
    expect(test.ranking.users).toBe(610);
    expect(validation.ranking.users).toBe(610);
    expect(test.ranking.groups.map((g) => g.users)).toEqual([122, 122, 122, 122, 122]);
    const bounds = test.ranking.groups.map((g) => [g.minInteractions, g.maxInteractions] as const);
    for (let q = 1; q < bounds.length; q++) expect(bounds[q]![0]).toBeGreaterThanOrEqual(bounds[q - 1]![1]);
    expect(bounds[0]![0]).toBeGreaterThanOrEqual(18); // 20 ratings minus validation and test
  });

  it('gives plausible ranking figures', () => {
    for (const report of [test.ranking, validation.ranking]) {
      for (const k of report.ks) {
        const hr = report.overall[`HR@${k}`]!;
        const ndcg = report.overall[`NDCG@${k}`]!;
        expect(hr).toBeGreaterThan(0);
        expect(hr).toBeLessThan(1);
        expect(ndcg).toBeLessThanOrEqual(hr);
      }
      // HR@k grows with k
      const hrs = report.ks.map((k) => report.overall[`HR@${k}`]!);
      expect([...hrs].sort((a, b) => a - b)).toEqual(hrs);
    }
  });

  it('gives plausible rating figures', () => {
    const { RMSE, MAE } = test.rating!.overall as { RMSE: number; MAE: number };
    // ratings are 0.5..5: an item-mean predictor is off by well under 2 stars
    expect(MAE).toBeGreaterThan(0);
    expect(MAE).toBeLessThanOrEqual(RMSE);
    expect(RMSE).toBeLessThan(2);
    expect(test.rating!.users).toBe(610);
  });

  it('ranks exactly like a brute-force sort of each user\'s candidate list', async () => {
    const { interactions: table, items } = dataset;
    const model = PopularityModel.fit(table, split.train, { numUsers: dataset.users.length, numItems: items.length });
    const scores = model.itemScores;
    const seen = new Map<number, Set<number>>();
    for (const r of [...split.train, ...split.validation]) {
      const u = table.user[r]!;
      if (!seen.has(u)) seen.set(u, new Set());
      seen.get(u)!.add(table.item[r]!);
    }
    const per = test.ranking.perUser;
    for (let k = 0; k < per.user.length; k += 5) {
      const target = per.item[k]!;
      const excluded = seen.get(per.user[k]!)!;
      excluded.delete(target);
      const candidates = items.map((it) => it.index).filter((i) => !excluded.has(i));
      // descending score; among equal scores the target goes last (the pessimistic rule)
      candidates.sort((a, b) => scores[b]! - scores[a]! || (a === target ? 1 : b === target ? -1 : a - b));
      expect([per.rank[k], per.candidates[k]]).toEqual([candidates.indexOf(target), candidates.length]);
    }
  });
});
