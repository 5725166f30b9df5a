/**
 * The same protocol in the browser (headless Chromium): the embedded dataset fetched from the
 * dev server, parsed, split and evaluated with the popularity baseline, nothing Node-specific.
 */
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../data/import/parse.ts';
import { sourceFromUrl } from '../data/import/source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { evaluatePopularity } from './baseline.ts';
import { formatReport } from './format.ts';

describe('evaluation in the browser', () => {
  it('evaluates the popularity baseline on ml-latest-small', async () => {
    const source = await sourceFromUrl('/data/ml-latest-small/', ['ratings.csv', 'movies.csv']);
    const dataset = await parseDataset(source);
    const split = leaveOneOutByTime(dataset.interactions);
    const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };
    const progress: number[] = [];
    const { ranking, rating } = await evaluatePopularity(dataset.interactions, split, dims, {
      target: 'test',
      onProgress: (p) => progress.push(p.done),
    });
    console.log(formatReport('popularity in Chromium (test)', ranking));

    expect(ranking.users).toBe(610);
    expect(ranking.groups.map((g) => g.users)).toEqual([122, 122, 122, 122, 122]);
    expect(progress.at(-1)).toBe(610);
    for (const k of ranking.ks) {
      expect(ranking.overall[`HR@${k}`]).toBeGreaterThan(0);
      expect(ranking.overall[`NDCG@${k}`]).toBeLessThanOrEqual(ranking.overall[`HR@${k}`]!);
    }
    expect(rating?.overall['RMSE']).toBeGreaterThan(0);
    expect(rating?.overall['RMSE']).toBeLessThan(2);
  });
});
