/**
 * The rows of `l4r bench sasrec`: what a TF.js child process is asked to do, what it and the
 * PyTorch reference print, and the side-by-side table (one row per framework and seed, then the
 * mean and spread over seeds). Pure: no processes.
 */
import { RecError } from '../errors.ts';
import type { BackendName } from '../models/backend.ts';
import type { SasRecConfig } from '../models/sasrec/sasrec-config.ts';

export const SASREC_BENCH_KS = [3, 5, 10, 20] as const;
export const SASREC_METRICS = SASREC_BENCH_KS.flatMap((k) => [`HR@${k}`, `NDCG@${k}`]);

/** One TF.js backend's run, in a process of its own (bench/sasrec-node-backend.ts). */
export interface SasRecChildJob {
  backend: BackendName;
  /** The row's name (default `tfjs-<backend>`). */
  label?: string;
  /** Start the process with V8's relaxed SIMD on (Node 20 needs a flag; Chrome and Node 22 have it), so the kernel's fused multiply-add build runs. */
  relaxedSimd: boolean;
  /** The split file the reference reads too (sequence-split-json.ts). */
  split: string;
  epochs: number;
  /** Early stopping on validation NDCG@10 (0: none, every epoch runs and the last state is tested). */
  patience: number;
  validateEvery: number;
  /** Test the model (HR/NDCG@k); false for speed-only rows. */
  evaluate: boolean;
  config: SasRecConfig;
}

export interface SasRecBenchRow {
  /** e.g. "tfjs-wasm" or "pytorch 1.13.0". */
  name: string;
  seed: number;
  /** How the TF.js step ran ('wasm-simd', 'js-in-place', 'tensor-ops'); absent for the reference. */
  step?: string;
  epochs: number;
  bestEpoch?: number;
  /** The best validation NDCG@10 (what early stopping kept), when validated. */
  bestValidation?: number;
  /** Mean seconds per training epoch (validation excluded), and the first epoch's. */
  secondsPerEpoch: number;
  firstEpochSeconds: number;
  /** Target positions trained per second. */
  samplesPerSecond: number;
  /** Test metrics of the (best) state, absent for speed-only rows. */
  test?: Record<string, number>;
  /** TF.js rows: the same per user-activity group (quintiles of training interactions, src/eval/groups.ts). */
  groups?: { label: string; users: number; metrics: Record<string, number> }[];
  /** Peak RSS of the row's process through training (MiB), and before the model existed. */
  peakRssMiB?: number;
  baseRssMiB?: number;
  /** TF.js WASM: the backend's heap size after training (its tensors and the kernel's scratch). */
  wasmHeapMiB?: number;
  skipped?: string;
}

/** A row as a child printed it, checked. */
export function parseSasRecRow(raw: Record<string, unknown>, who: string): SasRecBenchRow {
  if (typeof raw.name !== 'string') throw new RecError('CONFIG_INVALID', `${who} printed a row without a name.`);
  for (const field of ['epochs', 'secondsPerEpoch', 'firstEpochSeconds', 'samplesPerSecond', 'seed'] as const) {
    if (typeof raw[field] !== 'number') throw new RecError('CONFIG_INVALID', `${who} printed a row whose "${field}" is not a number.`);
  }
  return raw as unknown as SasRecBenchRow;
}

/** What bench/reference_sasrec.py prints (its last stdout line). */
export interface SasRecReferenceOutput {
  framework: string;
  threads: number;
  epochs: number;
  bestEpoch: number;
  bestValidation: number | null;
  secondsPerEpoch: number;
  epochSeconds: number[];
  samplesPerSecond: number;
  test: Record<string, number>;
  baseRssKiB?: number;
  peakRssKiB?: number;
}

export function sasrecReferenceRow(r: SasRecReferenceOutput, seed: number): SasRecBenchRow {
  const row: SasRecBenchRow = {
    name: `${r.framework} (${r.threads} thread${r.threads === 1 ? '' : 's'})`,
    seed,
    epochs: r.epochs,
    bestEpoch: r.bestEpoch,
    ...(r.bestValidation === null ? {} : { bestValidation: r.bestValidation }),
    secondsPerEpoch: r.secondsPerEpoch,
    firstEpochSeconds: r.epochSeconds[0] ?? NaN,
    samplesPerSecond: r.samplesPerSecond,
    test: r.test,
  };
  if (r.baseRssKiB !== undefined) row.baseRssMiB = r.baseRssKiB / 1024;
  if (r.peakRssKiB !== undefined) row.peakRssMiB = r.peakRssKiB / 1024;
  return row;
}

export function skippedSasRecRow(name: string, seed: number, reason: string): SasRecBenchRow {
  return { name, seed, epochs: 0, secondsPerEpoch: NaN, firstEpochSeconds: NaN, samplesPerSecond: NaN, skipped: reason };
}

/** Mean and sample standard deviation (0 for one value). */
export function meanAndSpread(values: number[]): { mean: number; sd: number; min: number; max: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

/** Per framework (row name), over its seeds: the mean ± sd of s/epoch and every test metric. */
export function summarizeSeeds(rows: SasRecBenchRow[]): {
  name: string;
  seeds: number;
  secondsPerEpoch: ReturnType<typeof meanAndSpread>;
  validation?: ReturnType<typeof meanAndSpread>;
  test: Record<string, ReturnType<typeof meanAndSpread>>;
}[] {
  const names = [...new Set(rows.filter((r) => !r.skipped).map((r) => r.name))];
  return names.map((name) => {
    const mine = rows.filter((r) => r.name === name && !r.skipped);
    const tested = mine.filter((r) => r.test);
    const test: Record<string, ReturnType<typeof meanAndSpread>> = {};
    if (tested.length > 0) for (const m of SASREC_METRICS) test[m] = meanAndSpread(tested.map((r) => r.test![m]!));
    const validated = mine.filter((r) => r.bestValidation !== undefined);
    return {
      name,
      seeds: mine.length,
      secondsPerEpoch: meanAndSpread(mine.map((r) => r.secondsPerEpoch)),
      ...(validated.length > 0 ? { validation: meanAndSpread(validated.map((r) => r.bestValidation!)) } : {}),
      test,
    };
  });
}

/** Per activity group, the mean over `name`'s seeds of every test metric, as a text table (empty when no row has groups). */
export function formatGroupMeans(rows: SasRecBenchRow[], name: string): string {
  const mine = rows.filter((r) => r.name === name && r.groups);
  if (mine.length === 0) return '';
  const header = ['users', 'n', ...SASREC_METRICS];
  const lines = mine[0]!.groups!.map((g, k) => [
    g.label,
    String(g.users),
    ...SASREC_METRICS.map((m) => (mine.reduce((s, r) => s + r.groups![k]!.metrics[m]!, 0) / mine.length).toFixed(4)),
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...all.map((l) => l[c]!.length)));
  const title = `${name} per activity group (test, mean of ${mine.length} seed${mine.length === 1 ? '' : 's'}):`;
  return [title, ...all.map((l) => l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))].join('\n');
}

/** The rows as an aligned text table, then the per-framework means over seeds. */
export function formatSasRecRows(rows: SasRecBenchRow[]): string {
  const fmt = (x: number | undefined, digits: number) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
  const header = ['run', 'step', 'seed', 'epochs', 'best', 'val NDCG@10', 's/epoch', '1st epoch s', 'samples/s', ...SASREC_METRICS, 'peak RSS MiB', 'base RSS MiB', 'WASM heap MiB'];
  const lines = rows.map((r) =>
    r.skipped
      ? [r.name, `skipped: ${r.skipped}`]
      : [
          r.name,
          r.step ?? '–',
          String(r.seed),
          String(r.epochs),
          r.bestEpoch === undefined ? '–' : String(r.bestEpoch),
          fmt(r.bestValidation, 4),
          fmt(r.secondsPerEpoch, 3),
          fmt(r.firstEpochSeconds, 3),
          fmt(r.samplesPerSecond, 0),
          ...SASREC_METRICS.map((m) => fmt(r.test?.[m], 4)),
          fmt(r.peakRssMiB, 1),
          fmt(r.baseRssMiB, 1),
          fmt(r.wasmHeapMiB, 1),
        ],
  );
  const summary = summarizeSeeds(rows).filter((s) => s.seeds > 1);
  const summaryLines = summary.map((s) => [
    `${s.name}: mean ± sd of ${s.seeds}`,
    '',
    '',
    '',
    '',
    s.validation ? `${fmt(s.validation.mean, 4)}±${fmt(s.validation.sd, 4)}` : '–',
    `${fmt(s.secondsPerEpoch.mean, 3)}±${fmt(s.secondsPerEpoch.sd, 3)}`,
    '',
    '',
    ...SASREC_METRICS.map((m) => (s.test[m] ? `${fmt(s.test[m]!.mean, 4)}±${fmt(s.test[m]!.sd, 4)}` : '–')),
    '',
    '',
    '',
  ]);
  const all = [header, ...lines, ...summaryLines];
  const widths = header.map((_, c) => Math.max(...all.filter((l) => l.length > 2).map((l) => (l[c] ?? '').length)));
  return all
    .map((l) => (l.length === 2 ? `${l[0]!.padEnd(widths[0]!)}  ${l[1]}` : l.map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')))
    .join('\n');
}
