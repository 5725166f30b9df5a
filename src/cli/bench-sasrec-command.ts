/**
 * `l4r bench sasrec --data <path>`: SASRec in TF.js against the PyTorch reference
 * (bench/reference_sasrec.py) on the same split file, configuration and protocol, side by side in
 * one run: seconds per epoch, peak memory, and test HR/NDCG@3/5/10/20 after early stopping on
 * validation, for each seed, then the mean ± sd over seeds. Every row runs in a process of its own.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG } from '../config.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { RecError } from '../errors.ts';
import { DEFAULT_SASREC_CONFIG, sasrecConfig, type SasRecConfig, type SasRecWindows } from '../models/sasrec/sasrec-config.ts';
import { sequenceSplitJson } from './sequence-split-json.ts';
import { bytesOf } from '../models/kernels/instantiate-kernel.ts';
import { SASREC_KERNEL_RELAXED_WASM } from '../models/sasrec/kernel/sasrec-kernel-wasm.ts';
import { failureCause } from './bench-train-command.ts';
import { lastJsonLine } from './bench-train-rows.ts';
import {
  formatGroupMeans,
  formatSasRecRows,
  parseSasRecRow,
  sasrecReferenceRow,
  skippedSasRecRow,
  summarizeSeeds,
  type SasRecBenchRow,
  type SasRecChildJob,
  type SasRecReferenceOutput,
} from './bench-sasrec-rows.ts';
import { optionalNumber, round } from './eval-command.ts';

const d = DEFAULT_SASREC_CONFIG;
/** The training schedule's defaults are the library's (DEFAULT_CONFIG.sasrec), so a bench row is what an app trains. */
const S = DEFAULT_CONFIG.sasrec;
export const usage = `usage: l4r bench sasrec --data <path> [options] [--json]

Trains SASRec in TF.js (WASM: the SIMD kernel) and the PyTorch reference (bench/reference_sasrec.py,
CPU, one thread by default) on the same leave-one-out split, configuration and protocol, one seed
after the other, each run in its own process, and prints per run: seconds per training epoch
(validation excluded), target positions per second, peak memory, and test HR/NDCG@3/5/10/20 of the
state that scored best on validation NDCG@10 (training items predict the validation item; training
+ validation items predict the test item; full ranking over all items the user has not seen);
then the mean ± sd over seeds. A CPU-backend row (the JavaScript step) is timed too, without testing.
The WASM runs use V8's relaxed SIMD (the kernel's fused multiply-add build, step "wasm-simd+fma"), as
Chrome (since 114) and Node 22 do by default; on Node 20 the child is started with
--experimental-wasm-relaxed-simd, and a speed-only row without it shows the plain SIMD build.

Memory (MiB = 2^20 bytes): peak RSS = the run's process peak resident set through training; base RSS
= the same before the model existed (runtime, framework, split); WASM heap = TF.js's WASM memory after
training (weights, Adam moments and the kernel's activations live there).

  --data <path>        dataset folder or file (e.g. public/data/ml-latest-small)
  --epochs N           most epochs per run (default ${S.epochs})
  --patience N         validations without improvement before stopping (default ${S.patience}; 0: run every epoch, test the last state)
  --validate-every N   epochs between validations (default ${S.validateEvery})
  --seeds a,b,…        one run per seed and framework (default ${d.seed})
  --cpu-epochs N       epochs of the speed-only CPU-backend row (default 1; 0 skips it)
  --plain-simd-epochs N  epochs of a speed-only WASM row without relaxed SIMD (default 3; 0 skips it; only
                       where Node lacks relaxed SIMD by default, i.e. Node 20)
  --dim N --max-len N --blocks N --heads N --dropout X --batch N --lr X --windows last|all --negatives N
                       the model (defaults ${d.dim}, ${d.maxLen}, ${d.blocks}, ${d.heads}, ${d.dropout}, ${d.batchSize}, ${d.lr}, ${d.windows}, ${d.negatives})
  --no-relaxed-simd    run the WASM rows on the plain SIMD build (Node 20's default; the maxLen/windows tuning in
                       docs/benchmarks.md ran so) instead of the fused multiply-add build
  --python PATH        interpreter with torch (default /usr/bin/python3); --no-reference skips it
  --threads N          PyTorch threads (default 1)
  --json               print JSON`;

export async function run(args: string[]): Promise<number> {
  if (!existsSync(CHILD_ENTRY)) {
    // The installed package ships no benchmarks: its processes run the repository's bench/*.ts through tsx.
    throw new RecError('CONFIG_INVALID', '`l4r bench sasrec` runs from a checkout of the repository (bench/ and its devDependencies); clone it and run it there.');
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      epochs: { type: 'string', default: String(S.epochs) },
      patience: { type: 'string', default: String(S.patience) },
      'validate-every': { type: 'string', default: String(S.validateEvery) },
      seeds: { type: 'string', default: String(d.seed) },
      'cpu-epochs': { type: 'string', default: '1' },
      'plain-simd-epochs': { type: 'string', default: '3' },
      dim: { type: 'string' },
      'max-len': { type: 'string' },
      blocks: { type: 'string' },
      heads: { type: 'string' },
      dropout: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      windows: { type: 'string' },
      negatives: { type: 'string' },
      python: { type: 'string', default: '/usr/bin/python3' },
      threads: { type: 'string', default: '1' },
      'no-reference': { type: 'boolean' },
      'no-relaxed-simd': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (values.data === undefined || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  const base = sasrecConfig({
    dim: optionalNumber(values.dim, '--dim'),
    maxLen: optionalNumber(values['max-len'], '--max-len'),
    blocks: optionalNumber(values.blocks, '--blocks'),
    heads: optionalNumber(values.heads, '--heads'),
    dropout: optionalNumber(values.dropout, '--dropout'),
    batchSize: optionalNumber(values.batch, '--batch'),
    lr: optionalNumber(values.lr, '--lr'),
    windows: values.windows as SasRecWindows | undefined,
    negatives: optionalNumber(values.negatives, '--negatives'),
  });
  const seeds = values.seeds.split(',').map((s) => {
    const seed = Number(s);
    if (!Number.isInteger(seed)) throw new RecError('CONFIG_INVALID', `--seeds must be integers separated by commas, got "${values.seeds}".`);
    return seed;
  });
  const epochs = optionalNumber(values.epochs, '--epochs')!;
  const patience = optionalNumber(values.patience, '--patience')!;
  const validateEvery = optionalNumber(values['validate-every'], '--validate-every')!;
  const cpuEpochs = optionalNumber(values['cpu-epochs'], '--cpu-epochs')!;
  const plainSimdEpochs = optionalNumber(values['plain-simd-epochs'], '--plain-simd-epochs')!;
  const threads = optionalNumber(values.threads, '--threads')!;

  const dataset = await parseDatasetFromPath(values.data);
  const split = leaveOneOutByTime(dataset.interactions);
  const dir = await mkdtemp(join(tmpdir(), 'l4r-sasrec-'));
  const rows: SasRecBenchRow[] = [];
  try {
    const splitFile = join(dir, 'split.json');
    await writeFile(splitFile, JSON.stringify(sequenceSplitJson(dataset, split)));
    // Seed after seed, TF.js then PyTorch: a load change on the machine hits both sides alike.
    for (const seed of seeds) {
      const config = { ...base, seed };
      rows.push(await runChild({ backend: 'wasm', relaxedSimd: !values['no-relaxed-simd'], split: splitFile, epochs, patience, validateEvery, evaluate: true, config }));
      if (!values['no-reference']) rows.push(await runReference(values.python, splitFile, config, { epochs, patience, validateEvery, threads }));
    }
    const speedOnly = { split: splitFile, patience: 0, validateEvery, evaluate: false, config: { ...base, seed: seeds[0]! } };
    if (plainSimdEpochs > 0 && !relaxedSimdByDefault() && !values['no-relaxed-simd']) {
      rows.push(await runChild({ ...speedOnly, backend: 'wasm', label: 'tfjs-wasm (plain SIMD)', relaxedSimd: false, epochs: plainSimdEpochs }));
    }
    if (cpuEpochs > 0) rows.push(await runChild({ ...speedOnly, backend: 'cpu', relaxedSimd: false, epochs: cpuEpochs }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const out = {
    dataset: dataset.name,
    trainInteractions: split.train.length,
    config: { ...base, seed: undefined },
    seeds,
    epochs,
    patience,
    validateEvery,
    rows,
    summary: summarizeSeeds(rows),
  };
  if (values.json) {
    console.log(JSON.stringify(out, null, 2));
    return 0;
  }
  console.log(
    `SASRec on ${dataset.name}: ${split.train.length} training interactions; dim ${base.dim}, maxLen ${base.maxLen}, ${base.blocks} blocks, ` +
      `${base.heads} head(s), dropout ${base.dropout}, batch ${base.batchSize} windows (${base.windows}), ${base.negatives} negative(s) per position, Adam lr ${base.lr} β2 ${base.beta2}; ` +
      `up to ${epochs} epochs, ${patience > 0 ? `early stopping after ${patience} validations (every ${validateEvery} epochs) without a better NDCG@10` : 'no early stopping'}`,
  );
  console.log(formatSasRecRows(rows));
  const groups = formatGroupMeans(rows, 'tfjs-wasm');
  if (groups) console.log(groups);
  const summary = summarizeSeeds(rows);
  const wasm = summary.find((s) => s.name === 'tfjs-wasm');
  for (const reference of summary.filter((s) => s.name.startsWith('pytorch'))) {
    if (wasm) console.log(`tfjs-wasm vs ${reference.name}: ${round(reference.secondsPerEpoch.mean / wasm.secondsPerEpoch.mean, 2)}× the speed per epoch`);
  }
  return 0;
}

const CHILD_ENTRY = fileURLToPath(new URL('../../bench/sasrec-node-backend.ts', import.meta.url));

/** Whether this Node validates the kernel's relaxed-SIMD build without a flag (Node 22 and later). */
function relaxedSimdByDefault(): boolean {
  return WebAssembly.validate(bytesOf(SASREC_KERNEL_RELAXED_WASM));
}

async function runChild(job: SasRecChildJob): Promise<SasRecBenchRow> {
  const name = job.label ?? `tfjs-${job.backend}`;
  try {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const flags = job.relaxedSimd && !relaxedSimdByDefault() ? ['--experimental-wasm-relaxed-simd'] : [];
    const stdout = await runProcess(process.execPath, [...flags, '--import', tsx, CHILD_ENTRY, '--job', JSON.stringify(job)]);
    return parseSasRecRow(lastJsonLine(stdout, `the ${name} process`), `the ${name} process`);
  } catch (error) {
    return skippedSasRecRow(name, job.config.seed, `its process failed (${failureCause(error)})`);
  }
}

async function runReference(
  python: string,
  splitFile: string,
  config: SasRecConfig,
  run: { epochs: number; patience: number; validateEvery: number; threads: number },
): Promise<SasRecBenchRow> {
  try {
    const script = fileURLToPath(new URL('../../bench/reference_sasrec.py', import.meta.url));
    const argv = [script, '--split', splitFile, '--dim', String(config.dim), '--max-len', String(config.maxLen), '--blocks', String(config.blocks)];
    argv.push('--heads', String(config.heads), '--dropout', String(config.dropout), '--batch', String(config.batchSize), '--lr', String(config.lr));
    argv.push('--beta2', String(config.beta2), '--windows', config.windows, '--negatives', String(config.negatives));
    argv.push('--epochs', String(run.epochs), '--patience', String(run.patience));
    argv.push('--validate-every', String(run.validateEvery), '--seed', String(config.seed), '--threads', String(run.threads));
    const output = lastJsonLine(await runProcess(python, argv), 'the PyTorch reference') as unknown as SasRecReferenceOutput;
    return sasrecReferenceRow(output, config.seed);
  } catch (error) {
    return skippedSasRecRow('pytorch', config.seed, `the reference did not run (${failureCause(error)}); it needs python3 with torch (Debian: python3-torch), or pass --python`);
  }
}

function runProcess(file: string, argv: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) =>
    execFile(file, argv, { maxBuffer: 1 << 24 }, (error, out, err) => (error ? reject(new Error(`${error.message.split('\n')[0]}\n${err}`)) : resolve(out))),
  );
}
