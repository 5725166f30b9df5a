import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import type { Dataset, Split } from '../data/types.ts';
import { isRecError } from '../errors.ts';
import { mfConfig } from '../models/mf-config.ts';
import { benchmarkBackend, BYTES_PER_MIB } from '../training/train-benchmark.ts';
import { runBenchChild, tableFromSplitJson } from './bench-train-child.ts';
import { parseChildRow, type BenchChildJob } from './bench-train-rows.ts';
import { splitJson } from './split-json.ts';
import { captureConsole } from '../../tests/helpers/cli/capture-console.ts';

afterEach(() => vi.restoreAllMocks());

// 12 users × 10 items, 6 ratings each at increasing times (as in eval-command.test.ts).
const lines = ['user,item,rating,timestamp'];
for (let u = 0; u < 12; u++) for (let k = 0; k < 6; k++) lines.push(`u${u},i${(u * 3 + k) % 10},${1 + ((u + k) % 5)},${k + 1}`);

let dir: string;
let dataset: Dataset;
let split: Split;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'l4r-bench-child-'));
  await writeFile(join(dir, 'ratings.csv'), `${lines.join('\n')}\n`);
  dataset = await parseDatasetFromPath(join(dir, 'ratings.csv'));
  split = leaveOneOutByTime(dataset.interactions);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tableFromSplitJson', () => {
  it('gives back the same (user, item) pairs per part, training rows in the file order', () => {
    const back = tableFromSplitJson(splitJson(dataset, split));
    const pairs = (table: Dataset['interactions'], rows: Int32Array) => Array.from(rows, (r) => [table.user[r], table.item[r]]);
    for (const part of ['train', 'validation', 'test'] as const) {
      expect(pairs(back.table, back.split[part])).toEqual(pairs(dataset.interactions, split[part]));
    }
    expect(back.split.train.length).toBe(48); // 12 users × (6 − validation − test)
    expect([back.numUsers, back.numItems]).toEqual([12, 10]);
    expect(Number.isNaN(back.table.rating[0])).toBe(true);
  });

  it('rejects a split whose parts are not equally long user and item arrays', () => {
    const bad = { ...splitJson(dataset, split), test: { user: [0, 1], item: [3] } };
    let code: string | undefined;
    try {
      tableFromSplitJson(bad);
    } catch (error) {
      code = isRecError(error) ? error.code : undefined;
      expect(String(error)).toMatch(/test part/);
    }
    expect(code).toBe('CONFIG_INVALID');
  });
});

describe('runBenchChild', () => {
  it('prints one JSON row with its memory figures, trained as the in-process run trains', async () => {
    const file = join(dir, 'split.json');
    await writeFile(file, JSON.stringify(splitJson(dataset, split)));
    const config = mfConfig({ dim: 4, batchSize: 16 });
    const job: BenchChildJob = { backend: 'cpu', split: file, epochs: 3, queries: 2, evaluate: true, config };
    const { out } = captureConsole({ silenceWarn: true });
    expect(await runBenchChild(['--job', JSON.stringify(job)])).toBe(0);
    expect(out).toHaveLength(1);
    const row = parseChildRow(out[0]!, 'child');
    expect(row.name).toBe('tfjs-cpu');
    // Peaks only grow, and the base is read first.
    expect(row.baseRssMiB).toBeGreaterThan(0);
    expect(row.peakRssMiB).toBeGreaterThanOrEqual(row.baseRssMiB!);
    // 3 tables (weights, m, v) of (12 + 10) rows × 4 floats, and 3 loss scalars.
    expect(row.peakTensorMiB! * BYTES_PER_MIB).toBe(3 * 22 * 4 * 4 + 3 * 4);
    // The split file holds what the in-process run saw: the same model, so the same test figures.
    const input = { table: dataset.interactions, split, numUsers: 12, numItems: 10, config };
    const direct = await benchmarkBackend('cpu', input, { epochs: 3, queries: 2, evaluate: true });
    expect([row.ndcg10, row.hr10]).toEqual([direct.ndcg10, direct.hr10]);
  });

  it('says how it is started when the job is missing', async () => {
    const { err } = captureConsole();
    expect(await runBenchChild([])).toBe(2);
    expect(err.join('\n')).toMatch(/--job/);
  });
});
