/**
 * `l4r bench lightgcn --data <path>`: LightGCN in TF.js (WASM) against the PyTorch reference
 * (bench/reference_lightgcn.py: same split file, architecture, hyper-parameters, sampling and early
 * stopping), over several seeds, side by side in one run: s/epoch, peak RSS, test HR/NDCG@3/5 as
 * mean ± sd, and a paired t-test by seed. Every run is a process of its own, so each peak RSS is
 * that run's alone.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { leaveOneOutByTime } from '../data/splits.ts';
import { RecError } from '../errors.ts';
import { DEFAULT_LIGHTGCN_CONFIG, lightGcnConfig, type LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import { DEFAULT_CONFIG } from '../config.ts';
import type { LightGcnBenchRow, LightGcnChildJob } from './bench-lightgcn-child.ts';
import { formatLightGcnTable, pairedComparison } from './bench-lightgcn-table.ts';
import { lastJsonLine } from './bench-train-rows.ts';
import { failureCause } from './bench-train-command.ts';
import { datasetFromFlags, optionalNumber } from './eval-command.ts';
import { splitJson } from './split-json.ts';

const d = DEFAULT_LIGHTGCN_CONFIG;
const t = DEFAULT_CONFIG.lightgcn;
export const usage = `usage: l4r bench lightgcn --data <path> [options] [--json]

Trains LightGCN (TF.js, WASM backend) and the PyTorch reference (bench/reference_lightgcn.py, one
thread) on the same leave-one-out split, once per seed, each run in a process of its own, and prints
s/epoch (negative sampling included), peak RSS, and test HR@3/NDCG@3/HR@5/NDCG@5 (mean ± sd over
seeds) side by side, with a paired t-test by seed and the paper's ML-100K figures for reference.

  --data <path>       dataset folder or file (e.g. public/data/ml-latest-small)
  --seeds 1,2,3       seeds (default 1,2,3)
  --epochs N          at most N epochs (default ${t.epochs})
  --patience N        validations without improvement before stopping (default ${t.patience}; 0: none)
  --validate-every N  epochs between validations, validation NDCG@10 (default ${t.validateEvery})
  --dim N --layers N --lr X --l2 X --batch N   (defaults ${d.dim}, ${d.layers}, ${d.lr}, ${d.l2}, ${d.batchSize})
  --cpu-epochs N      also time N epochs on TF.js's CPU backend (the JavaScript step), first seed only (default 0)
  --python PATH       interpreter with torch (default /usr/bin/python3); --no-reference skips it
  --no-tfjs           only the reference
  --top-items N       keep only the N most-rated items (a proxy for a smaller catalogue: ML-100K has 1,682)
  --json              print the rows as JSON`;

export async function run(args: string[]): Promise<number> {
  if (!existsSync(CHILD_ENTRY)) {
    // The installed package ships no benchmarks: its processes run the repository's bench/*.ts through tsx.
    throw new RecError('CONFIG_INVALID', '`l4r bench lightgcn` runs from a checkout of the repository (bench/ and its devDependencies); clone it and run it there.');
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      seeds: { type: 'string', default: '1,2,3' },
      epochs: { type: 'string', default: String(t.epochs) },
      patience: { type: 'string', default: String(t.patience) },
      'validate-every': { type: 'string', default: String(t.validateEvery) },
      dim: { type: 'string' },
      layers: { type: 'string' },
      lr: { type: 'string' },
      l2: { type: 'string' },
      batch: { type: 'string' },
      'cpu-epochs': { type: 'string', default: '0' },
      python: { type: 'string', default: '/usr/bin/python3' },
      'no-reference': { type: 'boolean' },
      'no-tfjs': { type: 'boolean' },
      'top-items': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (values.data === undefined || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  const seeds = values.seeds.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s))) throw new RecError('CONFIG_INVALID', `--seeds must be whole numbers separated by commas, got "${values.seeds}".`);
  const base: Partial<LightGcnConfig> = {
    dim: optionalNumber(values.dim, '--dim'),
    layers: optionalNumber(values.layers, '--layers'),
    lr: optionalNumber(values.lr, '--lr'),
    l2: optionalNumber(values.l2, '--l2'),
    batchSize: optionalNumber(values.batch, '--batch'),
  };
  const config = lightGcnConfig(base);
  const training = {
    epochs: optionalNumber(values.epochs, '--epochs')!,
    patience: optionalNumber(values.patience, '--patience')!,
    validateEvery: optionalNumber(values['validate-every'], '--validate-every')!,
  };

  const dataset = await datasetFromFlags(values.data, values['top-items']);
  const split = leaveOneOutByTime(dataset.interactions);
  const dir = await mkdtemp(join(tmpdir(), 'l4r-bench-lightgcn-'));
  const rows: LightGcnBenchRow[] = [];
  const failures: string[] = [];
  try {
    const splitFile = join(dir, 'split.json');
    await writeFile(splitFile, JSON.stringify(splitJson(dataset, split)));
    for (const seed of seeds) {
      if (!values['no-tfjs']) {
        const job: LightGcnChildJob = { backend: 'wasm', split: splitFile, config: { ...config, seed }, ...training };
        await collect(rows, failures, `tfjs-wasm seed ${seed}`, () => runTfjs(job));
      }
      if (!values['no-reference']) await collect(rows, failures, `pytorch seed ${seed}`, () => runReference(values.python, splitFile, { ...config, seed }, training));
    }
    // The JavaScript step, for its speed against the kernel: no validation, a few epochs.
    const cpuEpochs = optionalNumber(values['cpu-epochs'], '--cpu-epochs')!;
    if (cpuEpochs > 0 && !values['no-tfjs']) {
      const job: LightGcnChildJob = { backend: 'cpu', split: splitFile, config: { ...config, seed: seeds[0]! }, epochs: cpuEpochs, patience: 0, validateEvery: 1 };
      await collect(rows, failures, 'tfjs-cpu', async () => ({ ...(await runTfjs(job)), name: `tfjs-cpu, speed only (${cpuEpochs} epochs)` }));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (values.json) {
    console.log(JSON.stringify({ dataset: dataset.name, config, training, rows, failures }, null, 2));
    return failures.length === 0 ? 0 : 1;
  }
  console.log(
    `LightGCN on ${dataset.name}: ${split.train.length} training interactions, dim ${config.dim}, ${config.layers} layers, batch ${config.batchSize}, ` +
      `Adam lr ${config.lr}, l2 ${config.l2}; at most ${training.epochs} epochs, validation NDCG@10 every ${training.validateEvery}, patience ${training.patience}; test split, full ranking`,
  );
  console.log(formatLightGcnTable(rows));
  const reference = rows.find((r) => r.name.startsWith('pytorch'))?.name;
  const comparison = reference && pairedComparison(rows, 'tfjs-wasm', reference);
  if (comparison) console.log(comparison);
  for (const failure of failures) console.log(`not measured: ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

async function collect(rows: LightGcnBenchRow[], failures: string[], what: string, measure: () => Promise<LightGcnBenchRow>): Promise<void> {
  try {
    rows.push(await measure());
  } catch (error) {
    failures.push(`${what} (${failureCause(error)})`);
  }
}

const CHILD_ENTRY = fileURLToPath(new URL('../../bench/lightgcn-node.ts', import.meta.url));
const REFERENCE = fileURLToPath(new URL('../../bench/reference_lightgcn.py', import.meta.url));

async function runTfjs(job: LightGcnChildJob): Promise<LightGcnBenchRow> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const out = await runProcess(process.execPath, ['--import', tsx, CHILD_ENTRY, '--job', JSON.stringify(job)]);
  return lastJsonLine(out, 'the TF.js LightGCN process') as unknown as LightGcnBenchRow;
}

/** What bench/reference_lightgcn.py prints (its last line). */
interface ReferenceOutput {
  framework: string;
  epochs: number;
  bestEpoch: number;
  bestValidation: number | null;
  secondsPerEpoch: number;
  test: Record<string, number>;
  baseRssKiB: number;
  peakRssKiB: number;
}

async function runReference(python: string, splitFile: string, config: LightGcnConfig, training: { epochs: number; patience: number; validateEvery: number }): Promise<LightGcnBenchRow> {
  const argv = [REFERENCE, '--split', splitFile, '--dim', String(config.dim), '--layers', String(config.layers), '--batch', String(config.batchSize)];
  argv.push('--lr', String(config.lr), '--l2', String(config.l2), '--init-std', String(config.initStd), '--seed', String(config.seed));
  argv.push('--epochs', String(training.epochs), '--patience', String(training.patience), '--validate-every', String(training.validateEvery), '--threads', '1');
  const r = lastJsonLine(await runProcess(python, argv), 'the PyTorch reference') as unknown as ReferenceOutput;
  return {
    name: r.framework,
    seed: config.seed,
    epochs: r.epochs,
    bestEpoch: r.bestEpoch,
    bestValidation: r.bestValidation ?? Number.NaN,
    secondsPerEpoch: r.secondsPerEpoch,
    test: r.test,
    baseRssMiB: r.baseRssKiB / 1024,
    peakRssMiB: r.peakRssKiB / 1024,
  };
}

function runProcess(file: string, argv: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) =>
    execFile(file, argv, { maxBuffer: 1 << 24 }, (error, out, err) => (error ? reject(new Error(`${error.message.split('\n')[0]}\n${err}`)) : resolve(out))),
  );
}
