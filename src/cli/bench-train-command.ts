/**
 * `l4r bench train --data <path>`: BPR-MF training speed per TF.js backend available in Node
 * (WASM, CPU) and ms per top-10 query, side by side in one run with the PyTorch reference
 * (bench/reference_bpr.py: same split, dimension, batch, learning rate, L2, epochs; run twice,
 * with dense Adam and with SparseAdam).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { NODE_ORDER } from '../models/backend.ts';
import { DEFAULT_MF_CONFIG, mfConfig } from '../models/mf-config.ts';
import { benchmarkBackend, formatBenchRows, type BackendBenchRow } from '../models/train-benchmark.ts';
import { optionalNumber, round } from './eval-command.ts';
import { splitJson } from './split-json.ts';

const d = DEFAULT_MF_CONFIG;
export const usage = `usage: l4r bench train --data <path> [options] [--json]

Trains BPR-MF for a fixed number of epochs on each TF.js backend Node has (WASM, then CPU),
reports seconds per epoch, samples/s and ms per top-10 query (all items, seen ones excluded),
test NDCG@10 on the leave-one-out split, and runs the PyTorch reference on the same split,
with dense Adam and with SparseAdam (PyTorch's lazy Adam, the algorithm trained here).

  --data <path>     dataset folder or file (e.g. public/data/ml-latest-small)
  --epochs N        epochs on WASM and for the reference (default 20)
  --cpu-epochs N    epochs on the (slow) CPU backend (default 2; 0 skips it)
  --dim N --batch N --lr X --l2 X --seed N   as in l4r eval (defaults ${d.dim}, ${d.batchSize}, ${d.lr}, ${d.l2}, ${d.seed})
  --queries N       top-10 queries to time (default 200)
  --python PATH     interpreter with torch (default /usr/bin/python3); --no-reference skips it
  --json            print JSON`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      epochs: { type: 'string', default: '20' },
      'cpu-epochs': { type: 'string', default: '2' },
      dim: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      l2: { type: 'string' },
      seed: { type: 'string' },
      queries: { type: 'string', default: '200' },
      python: { type: 'string', default: '/usr/bin/python3' },
      'no-reference': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (values.data === undefined || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  const config = mfConfig({
    dim: optionalNumber(values.dim, '--dim'),
    batchSize: optionalNumber(values.batch, '--batch'),
    lr: optionalNumber(values.lr, '--lr'),
    l2: optionalNumber(values.l2, '--l2'),
    seed: optionalNumber(values.seed, '--seed'),
  });
  const epochs = optionalNumber(values.epochs, '--epochs')!;
  const cpuEpochs = optionalNumber(values['cpu-epochs'], '--cpu-epochs')!;
  const queries = optionalNumber(values.queries, '--queries')!;

  const dataset = await parseDatasetFromPath(values.data);
  const table = dataset.interactions;
  const split = leaveOneOutByTime(table);
  const numUsers = dataset.users.length;
  const numItems = dataset.items.length;
  const input = { table, split, numUsers, numItems, config };
  const rows: BackendBenchRow[] = [];
  for (const name of NODE_ORDER) {
    const n = name === 'cpu' ? cpuEpochs : epochs;
    if (n < 1) continue;
    rows.push(await benchmarkBackend(name, input, { epochs: n, queries, evaluate: n === epochs }));
  }

  // Both PyTorch optimizers: dense Adam is what most people write; SparseAdam is the lazy Adam
  // the TF.js side runs (only the touched rows' moments change), and the faster of the two here.
  const references: BackendBenchRow[] = [];
  if (!values['no-reference']) {
    for (const optimizer of REFERENCE_OPTIMIZERS) references.push(await runReference(values.python, dataset, split, config, epochs, optimizer));
  }

  const out = {
    dataset: dataset.name,
    trainInteractions: split.train.length,
    config: { dim: config.dim, batchSize: config.batchSize, lr: config.lr, l2: config.l2, seed: config.seed },
    rows: [...rows, ...references],
  };
  if (values.json) {
    console.log(JSON.stringify(out, null, 2));
    return 0;
  }
  console.log(
    `BPR-MF on ${dataset.name}: ${split.train.length} training interactions, dim ${config.dim}, batch ${config.batchSize}, ` +
      `Adam lr ${config.lr}, l2 ${config.l2}`,
  );
  console.log(formatBenchRows(out.rows));
  const wasm = rows.find((r) => r.name === 'tfjs-wasm');
  for (const reference of references) {
    if (wasm && !reference.skipped) {
      console.log(`tfjs-wasm vs ${reference.name}: ${round(reference.secondsPerEpoch / wasm.secondsPerEpoch, 2)}× the speed per epoch`);
    }
  }
  return 0;
}

const REFERENCE_OPTIMIZERS = ['adam', 'sparse-adam'] as const;
type ReferenceOptimizer = (typeof REFERENCE_OPTIMIZERS)[number];

async function runReference(
  python: string,
  dataset: Awaited<ReturnType<typeof parseDatasetFromPath>>,
  split: ReturnType<typeof leaveOneOutByTime>,
  config: ReturnType<typeof mfConfig>,
  epochs: number,
  optimizer: ReferenceOptimizer,
): Promise<BackendBenchRow> {
  const dir = await mkdtemp(join(tmpdir(), 'l4r-bench-'));
  try {
    const file = join(dir, 'split.json');
    await writeFile(file, JSON.stringify(splitJson(dataset, split)));
    const script = new URL('../../bench/reference_bpr.py', import.meta.url).pathname;
    const argv = [script, '--split', file, '--dim', String(config.dim), '--batch', String(config.batchSize), '--lr', String(config.lr)];
    argv.push('--l2', String(config.l2), '--epochs', String(epochs), '--seed', String(config.seed), '--init-std', String(config.initStd));
    argv.push('--optimizer', optimizer);
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(python, argv, { maxBuffer: 1 << 24 }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out))),
    );
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as {
      framework: string;
      epochs: number;
      secondsPerEpoch: number;
      epochSeconds: number[];
      samplesPerSecond: number;
      test: Record<string, number>;
    };
    return {
      name: r.framework,
      epochs: r.epochs,
      secondsPerEpoch: r.secondsPerEpoch,
      firstEpochSeconds: r.epochSeconds[0]!,
      samplesPerSecond: r.samplesPerSecond,
      msPerTop10Query: NaN,
      ndcg10: r.test['NDCG@10']!,
      hr10: r.test['HR@10']!,
    };
  } catch (error) {
    const nan = { epochs: 0, secondsPerEpoch: NaN, firstEpochSeconds: NaN, samplesPerSecond: NaN, msPerTop10Query: NaN };
    return { name: `pytorch ${optimizer}`, ...nan, skipped: `the reference did not run (${String(error).split('\n')[0]}); install python3-torch or pass --python` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
