/**
 * The parent's side of `l4r bench train`'s child processes: what a TF.js child is asked to do
 * (`BenchChildJob`), and turning each process's stdout — a TF.js child's row, the PyTorch
 * reference's JSON — into a `BackendBenchRow`. Pure: no processes.
 */
import { RecError } from '../errors.ts';
import type { BackendName } from '../models/backend.ts';
import type { MfConfig } from '../models/mf-config.ts';
import type { BackendBenchRow } from '../training/train-benchmark.ts';

/** One TF.js backend's measurement, run by bench/train-node-backend.ts in a process of its own. */
export interface BenchChildJob {
  backend: BackendName;
  /** The split file the PyTorch reference reads too (src/cli/split-json.ts). */
  split: string;
  epochs: number;
  queries: number;
  evaluate: boolean;
  config: MfConfig;
  /** WebGPU only: our fused kernels (default) or TF.js tensor ops (src/models/webgpu/fused-switch.ts). */
  webgpuPath?: 'fused' | 'tensor-ops';
}

/** What bench/reference_bpr.py prints (its last stdout line). */
export interface ReferenceOutput {
  framework: string;
  epochs: number;
  secondsPerEpoch: number;
  epochSeconds: number[];
  samplesPerSecond: number;
  test: Record<string, number>;
  /** ru_maxrss in KiB after loading torch and the split, before the model and the seen-matrix existed. */
  baseRssKiB?: number;
  /** ru_maxrss in KiB after training, before the evaluation. */
  peakRssKiB?: number;
}

/** Fields a row must carry as numbers (NaN allowed: JSON carries it as null). */
const NUMBER_FIELDS = ['epochs', 'secondsPerEpoch', 'firstEpochSeconds', 'samplesPerSecond', 'msPerTop10Query'] as const;
const OPTIONAL_NUMBER_FIELDS = ['ndcg10', 'hr10', 'peakRssMiB', 'baseRssMiB', 'peakTensorMiB', 'peakGpuMiB', 'peakJsHeapMiB'] as const;

/**
 * The last JSON object line of a process's stdout. Libraries may print before it (TF.js prints
 * notices), so earlier lines are ignored.
 */
export function lastJsonLine(stdout: string, who: string): Record<string, unknown> {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop();
  if (line === undefined) throw new RecError('CONFIG_INVALID', `${who} printed no JSON line; run it by hand to see why.`);
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new RecError('CONFIG_INVALID', `${who} printed a line that is not JSON: ${line.slice(0, 200)}`);
  }
}

/** A TF.js child's row from its stdout. JSON turns NaN into null; it is turned back here. */
export function parseChildRow(stdout: string, who: string): BackendBenchRow {
  const raw = lastJsonLine(stdout, who);
  if (typeof raw.name !== 'string') throw new RecError('CONFIG_INVALID', `${who} printed a row without a name.`);
  const row = { ...raw } as Record<string, unknown>;
  for (const field of NUMBER_FIELDS) {
    const value = raw[field];
    if (value === null) row[field] = NaN;
    else if (typeof value !== 'number') throw new RecError('CONFIG_INVALID', `${who} printed a row whose "${field}" is not a number.`);
  }
  for (const field of OPTIONAL_NUMBER_FIELDS) {
    if (raw[field] === null) row[field] = NaN;
    else if (raw[field] !== undefined && typeof raw[field] !== 'number') throw new RecError('CONFIG_INVALID', `${who} printed a row whose "${field}" is not a number.`);
  }
  return row as unknown as BackendBenchRow;
}

export function kibToMiB(kib: number): number {
  return kib / 1024;
}

/** The PyTorch reference's output as a row beside the TF.js ones. */
export function referenceRow(r: ReferenceOutput): BackendBenchRow {
  const row: BackendBenchRow = {
    name: r.framework,
    epochs: r.epochs,
    secondsPerEpoch: r.secondsPerEpoch,
    firstEpochSeconds: r.epochSeconds[0] ?? NaN,
    samplesPerSecond: r.samplesPerSecond,
    msPerTop10Query: NaN,
    ndcg10: r.test['NDCG@10'] ?? NaN,
    hr10: r.test['HR@10'] ?? NaN,
  };
  if (r.baseRssKiB !== undefined) row.baseRssMiB = kibToMiB(r.baseRssKiB);
  if (r.peakRssKiB !== undefined) row.peakRssMiB = kibToMiB(r.peakRssKiB);
  return row;
}
