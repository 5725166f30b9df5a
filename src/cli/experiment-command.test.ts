// `l4r experiment` end to end on ml-latest-small, kept small (two rows, two seeds, ten users, two
// epochs): the reports it writes, a rerun that continues (nothing left to run), and a restart that
// asks the LLM nothing because every answer is in the disk cache.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureConsole } from '../../tests/helpers/cli/capture-console.ts';
import { main } from './main.ts';

afterEach(() => vi.restoreAllMocks());

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'l4r-experiment-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('l4r experiment', () => {
  it('writes the reports, continues a finished run without running it again, and answers a restart from the cache', async () => {
    const out = join(dir, 'out');
    const args = ['experiment', '--data', 'public/data/ml-latest-small', '--llm', 'double:random', '--rows', 'backbone,full', '--seeds', '1,2', '--max-users', '10', '--epochs', '2', '--dim', '8', '--rerank', 'listwise', '--aug-calls', '5', '--out', out, '--cache', join(dir, 'cache')];
    const first = captureConsole({ silenceWarn: true });
    expect(await main(args)).toBe(0);
    const printed = first.out.join('\n');
    expect(printed).toContain('| Backbone alone |');
    expect(printed).toContain('| Llama4Rec |');
    expect(printed).toContain('TEST DOUBLE "random-seeded"');
    expect(printed).toMatch(/4 runs this session \(0 resumed/);
    const misses = Number(/LLM calls made: (\d+)/.exec(printed)![1]);
    expect(misses).toBeGreaterThan(0);
    expect(first.err.some((l) => /\[2\/4 runs, now full, seed 1\] .* left/.test(l))).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['chart.svg', 'experiment.json', 'runs-listwise.csv', 'runs.csv', 'state.json', 'summary-listwise.csv', 'summary.csv', 'table.md']);
    const json = JSON.parse(await readFile(join(out, 'experiment.json'), 'utf8'));
    expect(json.runs).toHaveLength(4);
    vi.restoreAllMocks();

    const again = captureConsole({ silenceWarn: true });
    expect(await main(args)).toBe(0);
    expect(again.out.join('\n')).toMatch(/0 runs this session \(4 resumed/);
    vi.restoreAllMocks();

    const restarted = captureConsole({ silenceWarn: true });
    expect(await main([...args, '--restart'])).toBe(0);
    const text = restarted.out.join('\n');
    expect(text).toMatch(/4 runs this session \(0 resumed/);
    expect(text).toMatch(/hit rate 100\.0%\); LLM calls made: 0/);
    // Same answers, same seeds: the same table.
    expect(JSON.parse(await readFile(join(out, 'experiment.json'), 'utf8')).runs.map((r: { metrics: unknown }) => r.metrics)).toEqual(json.runs.map((r: { metrics: unknown }) => r.metrics));
  }, 300_000);

  it('runs the sequential task (--task next): SASRec named in the title, the ranking metrics, one listwise re-ranking', async () => {
    const out = join(dir, 'next');
    const args = ['experiment', '--data', 'public/data/ml-latest-small', '--top-items', '40', '--llm', 'double:oracle', '--task', 'next', '--rows', 'backbone,no-data-aug', '--seeds', '1', '--max-users', '10', '--epochs', '2', '--dim', '8', '--aug-calls', '5', '--aug-set-size', '6', '--max-len', '20', '--out', out, '--cache', join(dir, 'cache')];
    const { out: printed, err } = captureConsole({ silenceWarn: true });
    expect(await main(args)).toBe(0);
    expect(err.join('\n')).toContain('(next item, SASRec backbone)');
    expect(printed.join('\n')).toContain('| w/o data augmentation |');
    const json = JSON.parse(await readFile(join(out, 'experiment.json'), 'utf8'));
    expect(json.spec).toMatchObject({ task: 'next', backbone: 'sasrec', metrics: ['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5'] });
    expect(json.spec.variants).toBeUndefined();
    expect(json.spec.settings).toMatchObject({ augSetSize: 6, maxLen: 20 });
    const plain = json.runs.find((r: { row: string }) => r.row === 'no-data-aug');
    expect(plain.alpha.objective.name).toBe('NDCG@5');
    expect(plain.llm.calls).toBeGreaterThan(0);
  }, 300_000);

  it('refuses what it cannot run, naming the flag', async () => {
    const { err } = captureConsole({ silenceWarn: true });
    expect(await main(['experiment', '--data', 'public/data/ml-latest-small', '--llm', 'double:random', '--task', 'rating', '--backbone', 'lightgcn'])).toBe(1);
    expect(await main(['experiment', '--data', 'public/data/ml-latest-small', '--llm', 'double:random', '--rows', 'full'])).toBe(1);
    expect(err.join('\n')).toMatch(/--backbone mf with --task rating/);
    expect(err.join('\n')).toMatch(/--rows must include backbone/);
    expect(await main(['experiment', '--data', 'public/data/ml-latest-small', '--llm', 'double:random', '--task', 'next', '--backbone', 'lightgcn'])).toBe(1);
    expect(await main(['experiment', '--data', 'public/data/ml-latest-small', '--llm', 'double:random', '--task', 'next', '--rerank', 'pointwise'])).toBe(1);
    expect(err.join('\n')).toMatch(/--task next runs SASRec, the sequential model; --backbone "lightgcn" does not apply/);
    expect(err.join('\n')).toMatch(/--task next re-ranks listwise only/);
    // A flag the task's model would ignore is refused, not silently dropped.
    const base = ['experiment', '--data', 'public/data/ml-latest-small', '--llm', 'double:random'];
    expect(await main([...base, '--layers', '2'])).toBe(1);
    expect(await main([...base, '--task', 'next', '--aug-pairs', '3'])).toBe(1);
    expect(await main([...base, '--backbone', 'lightgcn', '--max-len', '20'])).toBe(1);
    expect(await main([...base, '--task', 'rating', '--aug-calls', '20'])).toBe(1);
    const text = err.join('\n');
    expect(text).toMatch(/--layers applies to the LightGCN backbone only; this run is --task ranking with BPR-MF\. Leave --layers out\./);
    expect(text).toMatch(/--aug-pairs applies to --task ranking only; this run is --task next with SASRec/);
    expect(text).toMatch(/--max-len applies to the SASRec backbone only; this run is --task ranking with LightGCN/);
    expect(text).toMatch(/--aug-calls applies to --task ranking or next only; this run is --task rating with biased MF/);
  });
});
