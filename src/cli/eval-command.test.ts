import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';
import { captureConsole } from '../../tests/helpers/cli/capture-console.ts';

afterEach(() => vi.restoreAllMocks());

// 12 users × 10 items, each user rates 6 items at increasing times: a small but real LOO split.
const lines = ['user,item,rating,timestamp'];
for (let u = 0; u < 12; u++) for (let k = 0; k < 6; k++) lines.push(`u${u},i${(u * 3 + k) % 10},${1 + ((u + k) % 5)},${k + 1}`);
const CSV = `${lines.join('\n')}\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'l4r-eval-'));
  await writeFile(join(dir, 'ratings.csv'), CSV);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('l4r eval', () => {
  it('trains BPR-MF with early stopping and prints test metrics beside popularity as JSON', async () => {
    const { out } = captureConsole({ silenceWarn: true });
    const split = join(dir, 'split.json');
    const code = await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'mf-bpr', '--dim', '4', '--epochs', '6', '--patience', '2', '--batch', '16', '--json', '--export-split', split]);
    expect(code).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(result.model).toBe('mf-bpr');
    expect(result.training.backend).toBe('wasm');
    expect(result.training.epochsRun).toBeGreaterThanOrEqual(1);
    expect(result.training.epochsRun).toBeLessThanOrEqual(6);
    expect(result.training.history).toHaveLength(result.training.epochsRun);
    expect(result.test.users).toBe(12);
    expect(Object.keys(result.test.overall)).toEqual(['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5', 'HR@10', 'NDCG@10', 'HR@20', 'NDCG@20']);
    expect(result.popularity.users).toBe(12);
    expect(result.test.groups.length).toBeGreaterThan(0);
    const exported = JSON.parse(await readFile(split, 'utf8'));
    expect(exported.numUsers).toBe(12);
    expect(exported.train.user.length + exported.validation.user.length + exported.test.user.length).toBe(72);
  });

  it('trains LightGCN with --backbone lightgcn, validating every few epochs', async () => {
    const { out } = captureConsole({ silenceWarn: true });
    const args = ['eval', '--data', join(dir, 'ratings.csv'), '--backbone', 'lightgcn', '--dim', '4', '--layers', '2', '--epochs', '6', '--validate-every', '3', '--patience', '5', '--batch', '16', '--json'];
    expect(await main(args)).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(result.model).toBe('lightgcn');
    expect(result.training).toMatchObject({ epochsRun: 6, validationMetric: 'NDCG@10', config: { layers: 2, dim: 4 } });
    expect(result.training.step.path).toBe('wasm-simd');
    expect(result.training.history.map((h: { epoch: number }) => h.epoch)).toEqual([3, 6]);
    expect(result.test.users).toBe(12);
    const { err } = captureConsole({ silenceWarn: true });
    expect(await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'mf-rating', '--backbone', 'lightgcn'])).toBe(1);
    expect(err.join('\n')).toMatch(/--model mf-rating and --backbone lightgcn disagree/);
  });

  it('reports RMSE / MAE for mf-rating', async () => {
    const { out } = captureConsole({ silenceWarn: true });
    const code = await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'mf-rating', '--dim', '4', '--epochs', '3', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(Object.keys(result.test.overall)).toEqual(['RMSE', 'MAE']);
    expect(result.training.validationMetric).toBe('-RMSE');
  });

  it('trains mf-rating with item attributes (genres) and reports errors by item popularity', async () => {
    // A MovieLens-format folder: the same ratings, and genres for the items.
    const ml = join(dir, 'ml');
    await mkdir(ml, { recursive: true });
    const ratings = ['userId,movieId,rating,timestamp', ...lines.slice(1).map((l) => l.replace(/^u/, '').replace(',i', ','))];
    await writeFile(join(ml, 'ratings.csv'), `${ratings.join('\n')}\n`);
    const movies = ['movieId,title,genres', ...Array.from({ length: 10 }, (_, i) => `${i},Film ${i} (2000),${i % 2 ? 'Comedy' : 'Drama|Horror'}`)];
    await writeFile(join(ml, 'movies.csv'), `${movies.join('\n')}\n`);
    const runWith = async (attributes: string) => {
      const { out } = captureConsole({ silenceWarn: true });
      expect(await main(['eval', '--data', ml, '--model', 'mf-rating', '--dim', '4', '--epochs', '3', '--attributes', attributes, '--json'])).toBe(0);
      vi.restoreAllMocks();
      return JSON.parse(out.join('\n'));
    };
    const withGenres = await runWith('dataset');
    expect(withGenres.attributes).toEqual({ mode: 'dataset', values: 3, byKind: { genre: 3 }, items: 10, llmValues: 0 });
    const groups = withGenres.byItemPopularity.model.groups;
    expect(groups.reduce((n: number, g: { users: number }) => n + g.users, 0)).toBe(12);
    expect(groups[0].label).toMatch(/^items with/);
    const plain = await runWith('none');
    expect(plain.attributes.values).toBe(0);
    expect(plain.test.overall.RMSE).not.toBe(withGenres.test.overall.RMSE);
  });

  it('refuses --attributes that are not a mode, or with mf-bpr', async () => {
    const { err } = captureConsole({ silenceWarn: true });
    expect(await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'mf-rating', '--attributes', 'genres'])).toBe(1);
    expect(await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'mf-bpr', '--attributes', 'dataset'])).toBe(1);
    expect(err.join('\n')).toMatch(/use none, dataset, dataset\+llm/);
    expect(err.join('\n')).toMatch(/mf-rating only/);
  });

  it('rejects an unknown model with a message that lists the models', async () => {
    const { err } = captureConsole({ silenceWarn: true });
    const code = await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'svd']);
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/use mf-bpr, mf-rating, lightgcn or sasrec/);
  });

  it('trains SASRec (--model sasrec) and tests it on the training + validation sequence', async () => {
    const { out } = captureConsole({ silenceWarn: true });
    const args = ['eval', '--data', join(dir, 'ratings.csv'), '--model', 'sasrec', '--dim', '8', '--max-len', '5', '--blocks', '1', '--negatives', '2'];
    const code = await main([...args, '--epochs', '4', '--patience', '2', '--validate-every', '2', '--batch', '8', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(result.model).toBe('sasrec');
    expect(result.training).toMatchObject({ backend: 'wasm', epochsRun: 4, validationMetric: 'NDCG@10', step: { path: 'wasm-simd' } });
    expect(result.training.config).toMatchObject({ dim: 8, maxLen: 5, blocks: 1, negatives: 2, batchSize: 8 });
    expect(result.training.history.filter((h: { validation?: number }) => h.validation !== undefined)).toHaveLength(2);
    expect(result.test.users).toBe(12);
  });

  it('refuses SASRec flags on other models and MF-only flags on SASRec', async () => {
    const { err } = captureConsole({ silenceWarn: true });
    expect(await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'mf-bpr', '--max-len', '5'])).toBe(1);
    expect(await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'sasrec', '--l2', '0.1'])).toBe(1);
    expect(await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'sasrec', '--windows', 'first'])).toBe(1);
    expect(await main(['eval', '--data', join(dir, 'ratings.csv'), '--model', 'sasrec', '--backbone', 'lightgcn', '--llm', 'double:oracle'])).toBe(1);
    const text = err.join('\n');
    expect(text).toMatch(/--max-len applies to --model sasrec only/);
    expect(text).toMatch(/--l2 does not apply to --model sasrec/);
    expect(text).toMatch(/--windows "first" is not a choice; use last or all/);
    expect(text).toMatch(/--model sasrec and --backbone lightgcn disagree/);
  });

  it('runs the sequential task\'s loop with --model sasrec --llm (a test double, labelled as one)', async () => {
    const { out } = captureConsole({ silenceWarn: true });
    const args = ['eval', '--data', join(dir, 'ratings.csv'), '--model', 'sasrec', '--llm', 'double:prefers-first', '--dim', '8', '--max-len', '5', '--blocks', '1'];
    const code = await main([...args, '--epochs', '2', '--patience', '0', '--batch', '8', '--k-prime', '10', '--aug-calls', '4', '--aug-set-size', '3', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(result.task).toBe('next');
    expect(result.llmLabel).toContain('TEST DOUBLE');
    expect(result.training).toMatchObject({ backbone: 'sasrec', epochsRun: 2 });
    expect(result.augmentation).toMatchObject({ calls: 4 });
    expect(result.augmentedTriples).toBe(4);
    expect(result.rating).toBeUndefined();
    expect(result.ranking.users).toBe(12);
  });
});
