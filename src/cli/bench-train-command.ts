/**
 * `l4r bench train --data <path>`: BPR-MF training speed and peak memory per TF.js backend
 * available in Node (WASM, CPU, and WebGPU through Dawn: our fused kernels and TF.js tensor ops)
 * and ms per top-10 query, side by side in one run with the PyTorch reference
 * (bench/reference_bpr.py: same split file, dimension, batch, learning rate, L2, epochs; run twice,
 * with dense Adam and with SparseAdam). Every row runs in a process of its own, so each peak RSS
 * is that row's alone.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCommandArgs } from './command-args.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { NODE_ORDER } from '../models/backend.ts';
import { DEFAULT_MF_CONFIG, mfConfig, type MfConfig } from '../models/mf-config.ts';
import { RecError } from '../errors.ts';
import { formatBenchRows, skippedRow, type BackendBenchRow } from '../training/train-benchmark.ts';
import { lastJsonLine, parseChildRow, referenceRow, type BenchChildJob, type ReferenceOutput } from './bench-train-rows.ts';
import { optionalNumber, round } from './eval-command.ts';
import { splitJson, type SplitJson } from './split-json.ts';
import { vulkanEnv, type VulkanChoice } from './vulkan-env.ts';

const d = DEFAULT_MF_CONFIG;
const B = DEFAULT_CONFIG.bench;
export const usage = `usage: l4r bench train --data <path> | --split <file> [options] [--json]

Trains BPR-MF for a fixed number of epochs on each TF.js backend Node has (WASM, CPU, and WebGPU
through Dawn, the \`webgpu\` package: our fused WGSL kernels, then TF.js tensor ops),
reports seconds per epoch, samples/s and ms per top-10 query (all items, seen ones excluded),
test NDCG@10 on the leave-one-out split (rows that ran --epochs), and runs the PyTorch reference
on the same split, with dense Adam and with SparseAdam (PyTorch's lazy Adam, the algorithm
trained here). WebGPU rows name their adapter; on SwiftShader (Debian chromium's Vulkan driver,
what \`--vulkan auto\` takes on a machine without a GPU) the timings are an emulator's.

Memory (MiB = 2^20 bytes). Each row runs in a process of its own (a process's peak RSS only grows,
so rows sharing one would inherit each other's peak), reading the same split file:
  peak RSS MiB  the process's peak resident set size (getrusage ru_maxrss) through training and,
                for TF.js, the top-10 queries; measured before the evaluation
  base RSS MiB  the same process's peak before the sampler and model existed: the runtime, the
                framework (TF.js + its backend, or torch) and the loaded split. peak − base is
                roughly what training itself added (freed garbage is reused, so not exactly)
  tensor MiB    TF.js only: the peak of tf.memory().numBytes (weights, Adam moments, a step's
                temporaries) over one untimed epoch of a fresh model run under tf.profile
  GPU MiB       WebGPU only: the peak of TF.js's GPU buffers (its pool of free ones included) plus
                the fused kernels' own buffers, sampled after every step

  --data <path>     dataset folder or file (e.g. public/data/ml-latest-small), split leave-one-out by time
  --split <file>    or a split file as \`l4r eval --export-split\` writes it (the GPU bundle's way)
  --epochs N        epochs on WASM and for the reference (default ${B.epochs})
  --cpu-epochs N    epochs on the (slow) CPU backend (default ${B.cpuEpochs}; 0 skips it)
  --webgpu-epochs N epochs on WebGPU with the fused kernels (default: --epochs; 0 skips it)
  --webgpu-ops-epochs N  epochs on WebGPU with TF.js tensor ops (default ${B.webgpuOpsEpochs}: ~1.5 min on SwiftShader; 0 skips it)
  --vulkan auto|system|swiftshader  the Vulkan driver of the WebGPU rows (default auto: the system's
                    loader when there is one or VK_ICD_FILENAMES is set, else Debian chromium's SwiftShader)
  --dim N --batch N --lr X --l2 X --seed N   as in l4r eval (defaults ${d.dim}, ${d.batchSize}, ${d.lr}, ${d.l2}, ${d.seed})
  --queries N       top-10 queries to time (default ${B.queries})
  --python PATH     interpreter with torch (default /usr/bin/python3); --no-reference skips it
  --reference-device cpu|cuda  where the PyTorch reference trains (default cpu; cuda: tables,
                    negative sampling and steps on the GPU, each epoch timed to a synchronize)
  --json            print JSON (NaN figures as null)`;

/**
 * How a benchmark starts its processes: `l4r` runs the TypeScript sources through tsx; the GPU
 * bundle (bench/gpu-bundle/) runs its own bundled file.
 */
export interface BenchLauncher {
  /** Node arguments that run one TF.js row (bench-train-child.ts), Dawn preloaded for WebGPU. */
  childArgv(job: BenchChildJob): string[];
  /** bench/reference_bpr.py, where this launcher has it. */
  referenceScript: string;
}

const TSX_LAUNCHER: BenchLauncher = {
  childArgv(job) {
    // tsx resolved from this package, not the working directory, so the command runs from anywhere.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const preload = job.backend === 'webgpu' ? ['--import', pathToFileURL(WEBGPU_PRELOAD).href] : [];
    return ['--import', tsx, ...preload, CHILD_ENTRY, '--job', JSON.stringify(job)];
  },
  get referenceScript() {
    return fileURLToPath(new URL('../../bench/reference_bpr.py', import.meta.url));
  },
};

export async function run(args: string[]): Promise<number> {
  if (!existsSync(CHILD_ENTRY)) {
    // The installed package ships no benchmarks: its processes run the repository's bench/*.ts through tsx.
    throw new RecError('CONFIG_INVALID', '`l4r bench train` runs from a checkout of the repository (bench/ and its devDependencies); clone it and run `npm run bench:train` there.');
  }
  return runBenchTrain(args, TSX_LAUNCHER);
}

export async function runBenchTrain(args: string[], launcher: BenchLauncher): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    split: { type: 'string' },
    'reference-device': { type: 'string', default: 'cpu' },
    epochs: { type: 'string', default: String(B.epochs) },
    'cpu-epochs': { type: 'string', default: String(B.cpuEpochs) },
    'webgpu-epochs': { type: 'string' },
    'webgpu-ops-epochs': { type: 'string', default: String(B.webgpuOpsEpochs) },
    vulkan: { type: 'string', default: 'auto' },
    dim: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    l2: { type: 'string' },
    seed: { type: 'string' },
    queries: { type: 'string', default: String(B.queries) },
    python: { type: 'string', default: '/usr/bin/python3' },
    'no-reference': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if ((values.data === undefined) === (values.split === undefined) || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  if (!['cpu', 'cuda'].includes(values['reference-device'])) {
    console.error(`--reference-device takes cpu or cuda, not "${values['reference-device']}".`);
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
  const webgpuEpochs = optionalNumber(values['webgpu-epochs'], '--webgpu-epochs') ?? epochs;
  const webgpuOpsEpochs = optionalNumber(values['webgpu-ops-epochs'], '--webgpu-ops-epochs')!;
  if (!(VULKAN_CHOICES as readonly string[]).includes(values.vulkan)) {
    console.error(`--vulkan takes ${VULKAN_CHOICES.join(', ')}, not "${values.vulkan}".`);
    return 2;
  }
  const gpuEnv = vulkanEnv(values.vulkan as VulkanChoice);
  const queries = optionalNumber(values.queries, '--queries')!;

  // One split file for every row: the TF.js children and the reference train on the same rows.
  const dir = await mkdtemp(join(tmpdir(), 'l4r-bench-'));
  const rows: BackendBenchRow[] = [];
  const references: BackendBenchRow[] = [];
  let name: string;
  let trainInteractions: number;
  try {
    let splitFile: string;
    if (values.split !== undefined) {
      splitFile = values.split;
      const json = JSON.parse(await readFile(splitFile, 'utf8')) as SplitJson;
      name = json.dataset;
      trainInteractions = json.train.user.length;
    } else {
      const dataset = await parseDatasetFromPath(values.data!);
      const split = leaveOneOutByTime(dataset.interactions);
      splitFile = join(dir, 'split.json');
      await writeFile(splitFile, JSON.stringify(splitJson(dataset, split)));
      name = dataset.name;
      trainInteractions = split.train.length;
    }
    for (const backend of NODE_ORDER) {
      const n = backend === 'cpu' ? cpuEpochs : epochs;
      if (n < 1) continue;
      rows.push(await runChild(launcher, { backend, split: splitFile, epochs: n, queries, evaluate: n === epochs, config }));
    }
    for (const webgpuPath of ['fused', 'tensor-ops'] as const) {
      const n = webgpuPath === 'fused' ? webgpuEpochs : webgpuOpsEpochs;
      if (n < 1) continue;
      const job: BenchChildJob = { backend: 'webgpu', webgpuPath, split: splitFile, epochs: n, queries, evaluate: n === epochs, config };
      rows.push(
        gpuEnv
          ? await runChild(launcher, job, gpuEnv)
          : skippedRow(webgpuPath === 'fused' ? 'tfjs-webgpu' : 'tfjs-webgpu-ops', "--vulkan swiftshader needs Debian's chromium package (its SwiftShader Vulkan driver)"),
      );
    }
    // Both PyTorch optimizers: dense Adam is what most people write; SparseAdam is the lazy Adam
    // the TF.js side runs (only the touched rows' moments change), and the faster of the two here.
    if (!values['no-reference']) {
      for (const optimizer of REFERENCE_OPTIMIZERS) {
        references.push(await runReference(launcher.referenceScript, values.python, splitFile, config, epochs, optimizer, values['reference-device']));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const out = {
    dataset: name,
    trainInteractions,
    config: { dim: config.dim, batchSize: config.batchSize, lr: config.lr, l2: config.l2, seed: config.seed },
    rows: [...rows, ...references],
  };
  if (values.json) {
    console.log(JSON.stringify(out, null, 2));
    return 0;
  }
  console.log(
    `BPR-MF on ${name}: ${trainInteractions} training interactions, dim ${config.dim}, batch ${config.batchSize}, ` +
      `Adam lr ${config.lr}, l2 ${config.l2}`,
  );
  console.log(formatBenchRows(out.rows));
  const wasm = rows.find((r) => r.name === 'tfjs-wasm');
  const fused = rows.find((r) => r.name === 'tfjs-webgpu');
  const ops = rows.find((r) => r.name === 'tfjs-webgpu-ops');
  if (fused && ops && !fused.skipped && !ops.skipped) {
    console.log(`tfjs-webgpu (fused kernels) vs tfjs-webgpu-ops (tensor ops): ${round(ops.secondsPerEpoch / fused.secondsPerEpoch, 1)}× the speed per epoch`);
  }
  if (fused && wasm && !fused.skipped && !wasm.skipped) {
    console.log(`tfjs-webgpu (fused kernels) vs tfjs-wasm: ${round(wasm.secondsPerEpoch / fused.secondsPerEpoch, 2)}× the speed per epoch`);
  }
  for (const reference of references) {
    if (wasm && !wasm.skipped && !reference.skipped) {
      console.log(`tfjs-wasm vs ${reference.name}: ${round(reference.secondsPerEpoch / wasm.secondsPerEpoch, 2)}× the speed per epoch`);
    }
  }
  return 0;
}

const REFERENCE_OPTIMIZERS = ['adam', 'sparse-adam'] as const;
const VULKAN_CHOICES = ['auto', 'system', 'swiftshader'] as const;
// Dawn's navigator.gpu before TF.js's WebGPU backend loads; a development tool, not in the package.
const WEBGPU_PRELOAD = fileURLToPath(new URL('../../bench/node-webgpu-preload.ts', import.meta.url));
type ReferenceOptimizer = (typeof REFERENCE_OPTIMIZERS)[number];

const CHILD_ENTRY = fileURLToPath(new URL('../../bench/train-node-backend.ts', import.meta.url));

/**
 * One TF.js backend measured in a fresh Node process (bench/train-node-backend.ts), through tsx
 * like this CLI; WebGPU with Dawn preloaded as navigator.gpu and `env` added (the Vulkan driver).
 */
async function runChild(launcher: BenchLauncher, job: BenchChildJob, env: Record<string, string> = {}): Promise<BackendBenchRow> {
  const name = job.webgpuPath === 'tensor-ops' ? 'tfjs-webgpu-ops' : `tfjs-${job.backend}`;
  try {
    return parseChildRow(await runProcess(process.execPath, launcher.childArgv(job), env), `the ${name} benchmark process`);
  } catch (error) {
    return skippedRow(name, `its benchmark process failed (${failureCause(error)})`);
  }
}

async function runReference(script: string, python: string, splitFile: string, config: MfConfig, epochs: number, optimizer: ReferenceOptimizer, device: string): Promise<BackendBenchRow> {
  try {
    const argv = [script, '--split', splitFile, '--dim', String(config.dim), '--batch', String(config.batchSize), '--lr', String(config.lr)];
    argv.push('--l2', String(config.l2), '--epochs', String(epochs), '--seed', String(config.seed), '--init-std', String(config.initStd));
    argv.push('--optimizer', optimizer, '--device', device);
    return referenceRow(lastJsonLine(await runProcess(python, argv), 'the PyTorch reference') as unknown as ReferenceOutput);
  } catch (error) {
    return skippedRow(`pytorch ${optimizer}`, `the reference did not run (${failureCause(error)}); it needs python3 with torch (Debian: python3-torch), or pass --python`);
  }
}

/** Why a benchmark process failed, in one line: the last line it wrote to stderr, else the error's first line. */
export function failureCause(error: unknown): string {
  const lines = String(error).split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.length > 1 ? lines.at(-1)! : (lines[0] ?? 'unknown error');
}

/** The process's stdout; a non-zero exit rejects with its message and stderr. */
function runProcess(file: string, argv: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise<string>((resolve, reject) =>
    execFile(file, argv, { maxBuffer: 1 << 24, env: { ...process.env, ...env } }, (error, out, err) =>
      error ? reject(new Error(`${error.message.split('\n')[0]}\n${err}`)) : resolve(out),
    ),
  );
}
