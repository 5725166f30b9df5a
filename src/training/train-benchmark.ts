/**
 * One backend's BPR-MF training benchmark: epochs timed, then top-10 queries timed, then the test
 * NDCG@10, then (optionally) one untimed epoch of a fresh model under tf.profile for the
 * tensor-memory peak.
 * Shared by `l4r bench-train` (Node: WASM, CPU, each in its own process) and bench/train-page.ts
 * (Chromium: WebGPU, WebGL, WASM, CPU), so both print the same figures.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { InteractionTable, Split } from '../data/types.ts';
import { evaluateRanking } from '../eval/evaluate.ts';
import { useBackend, type BackendName } from '../models/backend.ts';
import { BprSampler } from '../models/bpr-sampler.ts';
import type { MfConfig } from '../models/mf-config.ts';
import { BprMf } from '../models/mf-bpr.ts';
import type { StepPath } from '../models/step-info.ts';
import { recommendForUser } from '../models/queries.ts';

export interface BackendBenchRow {
  name: string;
  /** How the training step ran (BprMf.lastStep): 'wasm-simd', 'js-in-place' or 'tensor-ops'. */
  step?: StepPath;
  /** Why the step was not the SIMD kernel, when it was not. */
  kernelUnavailable?: string;
  epochs: number;
  secondsPerEpoch: number;
  firstEpochSeconds: number;
  samplesPerSecond: number;
  msPerTop10Query: number;
  ndcg10?: number;
  hr10?: number;
  /** Why the backend did not run. */
  skipped?: string;
  /** WebGPU rows: the adapter it ran on (models/webgpu/adapter-description.ts), and whether that is software. */
  adapter?: string;
  softwareAdapter?: boolean;
  // Memory, in MiB (2^20 bytes). Each figure is filled in by the caller that can measure it.
  /** Node: peak resident set size of a process that ran only this row, through training and the top-10 queries (before evaluation). */
  peakRssMiB?: number;
  /** Node: the same process's peak RSS before the sampler and model existed (runtime, framework, backend, split loaded). */
  baseRssMiB?: number;
  /** Peak of tf.memory().numBytes (bytes in live tensors) over one untimed epoch of a fresh model run under tf.profile: tables, Adam moments and a step's temporaries. */
  peakTensorMiB?: number;
  /** Browser, GPU backends: peak of the backend's allocated GPU buffers (WebGPU numBytesAllocatedInGPU, WebGL numBytesInGPUAllocated), sampled after every step. */
  peakGpuMiB?: number;
  /** Browser: performance.memory.usedJSHeapSize (the page's V8 heap; not WASM memory or GPU buffers) once the backend is ready, after a forced GC. */
  baseJsHeapMiB?: number;
  /** Browser: its peak, sampled then, after every step and after the queries. */
  peakJsHeapMiB?: number;
}

/** Where a caller reads its memory figures during the run. */
export interface BenchMemoryHooks {
  /** Once the backend is ready, before the sampler and the model exist. */
  onReady?: () => void;
  /** After every training step. It runs inside the timed epoch: keep it to a cheap read. */
  onStep?: () => void;
  /** After the timed epochs and queries, before the evaluation. */
  onTrained?: () => void;
}

export const BYTES_PER_MIB = 1024 * 1024;

/** A row that did not run, saying why; the table prints the reason in place of figures. */
export function skippedRow(name: string, reason: string): BackendBenchRow {
  return { name, epochs: 0, secondsPerEpoch: NaN, firstEpochSeconds: NaN, samplesPerSecond: NaN, msPerTop10Query: NaN, skipped: reason };
}

export interface BenchInput {
  table: InteractionTable;
  split: Split;
  numUsers: number;
  numItems: number;
  config: MfConfig;
}

export async function benchmarkBackend(
  name: BackendName,
  input: BenchInput,
  options: { epochs: number; queries: number; evaluate: boolean; memory?: BenchMemoryHooks; tensorPeak?: boolean },
): Promise<BackendBenchRow> {
  try {
    await useBackend(name);
  } catch (error) {
    return skippedRow(`tfjs-${name}`, error instanceof Error ? error.message : String(error));
  }
  const { table, split, numUsers, numItems, config } = input;
  const memory = options.memory ?? {};
  const onStep = memory.onStep;
  memory.onReady?.();
  const sampler = new BprSampler(table, split.train, numUsers, numItems);
  const model = BprMf.create(numUsers, numItems, config);
  let row: BackendBenchRow;
  try {
    const seconds: number[] = [];
    let samples = 0;
    for (let e = 0; e < options.epochs; e++) {
      // Negative sampling is timed with the epoch: the PyTorch reference's epoch time includes its own.
      const started = performance.now();
      const stats = await model.trainEpoch(sampler.epoch(model.random), onStep ? { onBatch: () => onStep() } : {});
      seconds.push((performance.now() - started) / 1000);
      samples += stats.samples;
    }
    const total = seconds.reduce((a, b) => a + b, 0);
    const started = performance.now();
    for (let q = 0; q < options.queries; q++) {
      const u = (q * 7919) % numUsers;
      await recommendForUser(model, u, 10, (i) => sampler.hasSeen(u, i));
    }
    const queryMs = (performance.now() - started) / Math.max(1, options.queries);
    memory.onTrained?.();
    row = {
      name: `tfjs-${name}`,
      step: model.lastStep?.path,
      ...(model.lastStep?.kernelUnavailable ? { kernelUnavailable: model.lastStep.kernelUnavailable } : {}),
      epochs: options.epochs,
      secondsPerEpoch: total / options.epochs,
      firstEpochSeconds: seconds[0]!,
      samplesPerSecond: samples / total,
      msPerTop10Query: queryMs,
    };
    if (options.evaluate) {
      const report = await evaluateRanking(model, table, split, { target: 'test', ks: [10] });
      row.ndcg10 = report.overall['NDCG@10']!;
      row.hr10 = report.overall['HR@10']!;
    }
  } finally {
    model.dispose();
  }
  // On a fresh model once the timed one is gone, so neither its extra epoch nor the item cache its
  // queries left behind reaches the figures above or this one.
  if (options.tensorPeak) {
    const fresh = BprMf.create(numUsers, numItems, config);
    try {
      row.peakTensorMiB = (await tensorPeakBytes(() => fresh.trainEpoch(sampler.epoch(fresh.random)))) / BYTES_PER_MIB;
    } finally {
      fresh.dispose();
    }
  }
  return row;
}

/**
 * The peak of tf.memory().numBytes while `work` runs, tensors alive before it included: tf.profile
 * records the engine's byte count after every kernel, so a step's temporaries count, which
 * sampling between steps would miss. It costs a timer per kernel, hence its own untimed epoch.
 * CHECK_COMPUTATION_FOR_ERRORS is turned off meanwhile: it reads every kernel's output back, which
 * on a GPU would be a sync per kernel.
 */
export async function tensorPeakBytes(work: () => Promise<unknown>): Promise<number> {
  const before = tf.memory().numBytes;
  const check = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  try {
    const profile = await tf.profile(async () => {
      await work();
    });
    // peakBytes is the largest after-kernel snapshot: -Infinity when no kernel ran.
    return Math.max(before, profile.peakBytes, tf.memory().numBytes);
  } finally {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', check);
  }
}

/** The memory columns in print order, each with what it measures; a column appears when some row has its figure. */
const MEMORY_COLUMNS: readonly { title: string; key: keyof BackendBenchRow; means: string }[] = [
  { title: 'base RSS MiB', key: 'baseRssMiB', means: "peak resident set size of the row's own process before the sampler and model existed (runtime, framework, split)" },
  { title: 'peak RSS MiB', key: 'peakRssMiB', means: "peak resident set size of the row's own process through training (and the top-10 queries), before the evaluation" },
  { title: 'tensor MiB', key: 'peakTensorMiB', means: "peak of tf.memory().numBytes over one untimed epoch of a fresh model under tf.profile (weights, Adam moments, a step's temporaries)" },
  { title: 'GPU MiB', key: 'peakGpuMiB', means: "peak of the backend's allocated GPU buffers (its pool of free buffers included; on WebGPU plus the fused kernels' own), sampled after every step" },
  { title: 'base JS heap MiB', key: 'baseJsHeapMiB', means: "performance.memory.usedJSHeapSize (the page's V8 heap; not WASM memory, not GPU buffers) when the backend is ready, after a forced GC" },
  { title: 'peak JS heap MiB', key: 'peakJsHeapMiB', means: 'its peak (uncollected garbage included), sampled then, after every step and after the queries' },
];

/** The rows as an aligned text table. */
export function formatBenchRows(rows: BackendBenchRow[]): string {
  const fmt = (x: number | undefined, digits: number) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
  const memory = MEMORY_COLUMNS.filter(({ key }) => rows.some((r) => !r.skipped && typeof r[key] === 'number'));
  const header = ['backend', 'step', 'epochs', 's/epoch', '1st epoch s', 'samples/s', 'ms/top-10', 'NDCG@10', 'HR@10', ...memory.map((m) => m.title)];
  const lines = rows.map((r) =>
    r.skipped
      ? [r.name, `skipped: ${r.skipped}`]
      : [
          r.name,
          r.step ?? '–',
          String(r.epochs),
          fmt(r.secondsPerEpoch, 3),
          fmt(r.firstEpochSeconds, 3),
          fmt(r.samplesPerSecond, 0),
          fmt(r.msPerTop10Query, 2),
          fmt(r.ndcg10, 4),
          fmt(r.hr10, 4),
          ...memory.map(({ key }) => fmt(r[key] as number | undefined, 1)),
        ],
  );
  const widths = header.map((_, c) => Math.max(header[c]!.length, ...lines.filter((l) => l.length > 2).map((l) => (l[c] ?? '').length)));
  const table = [header, ...lines].map((l) => (l.length === 2 ? `${l[0]!.padEnd(widths[0]!)}  ${l[1]}` : l.map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')));
  // Say why a WASM or CPU run did not use the SIMD kernel (GPU backends never do: no addressable memory).
  const notes = rows.filter((r) => r.kernelUnavailable && r.step === 'js-in-place').map((r) => `${r.name}: SIMD kernel not used (${r.kernelUnavailable})`);
  for (const r of rows) {
    if (!r.skipped && r.adapter) notes.push(`${r.name}: WebGPU adapter ${r.adapter}${r.softwareAdapter ? " (software: the CPU emulating a GPU, an emulator's timings)" : ''}`);
  }
  const legend = memory.length > 0 ? ['Memory in MiB (2^20 bytes):', ...memory.map((m) => `  ${m.title.replace(/ MiB$/, '')}: ${m.means}`)] : [];
  return [...table, ...notes, ...legend].join('\n');
}
