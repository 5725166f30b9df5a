/**
 * One backend's BPR-MF training benchmark: epochs timed, then top-10 queries timed, then the test
 * NDCG@10. Shared by `l4r bench-train` (Node: WASM, CPU) and bench/train-page.ts (Chromium:
 * WebGPU, WebGL, WASM, CPU), so both print the same figures.
 */
import type { InteractionTable, Split } from '../data/types.ts';
import { evaluateRanking } from '../eval/evaluate.ts';
import { useBackend, type BackendName } from './backend.ts';
import { BprSampler } from './bpr-sampler.ts';
import type { MfConfig } from './mf-config.ts';
import { BprMf } from './mf-bpr.ts';
import type { StepPath } from './step-info.ts';
import { recommendForUser } from './queries.ts';

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
  options: { epochs: number; queries: number; evaluate: boolean },
): Promise<BackendBenchRow> {
  try {
    await useBackend(name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { name: `tfjs-${name}`, epochs: 0, secondsPerEpoch: NaN, firstEpochSeconds: NaN, samplesPerSecond: NaN, msPerTop10Query: NaN, skipped: reason };
  }
  const { table, split, numUsers, numItems, config } = input;
  const sampler = new BprSampler(table, split.train, numUsers, numItems);
  const model = BprMf.create(numUsers, numItems, config);
  try {
    const seconds: number[] = [];
    let samples = 0;
    for (let e = 0; e < options.epochs; e++) {
      // Negative sampling is timed with the epoch: the PyTorch reference's epoch time includes its own.
      const started = performance.now();
      const stats = await model.trainEpoch(sampler.epoch(model.random));
      seconds.push((performance.now() - started) / 1000);
      samples += stats.samples;
    }
    const total = seconds.reduce((a, b) => a + b, 0);
    const started = performance.now();
    for (let q = 0; q < options.queries; q++) {
      const u = (q * 7919) % numUsers;
      await recommendForUser(model, u, 10, (i) => sampler.hasSeen(u, i));
    }
    const row: BackendBenchRow = {
      name: `tfjs-${name}`,
      step: model.lastStep?.path,
      ...(model.lastStep?.kernelUnavailable ? { kernelUnavailable: model.lastStep.kernelUnavailable } : {}),
      epochs: options.epochs,
      secondsPerEpoch: total / options.epochs,
      firstEpochSeconds: seconds[0]!,
      samplesPerSecond: samples / total,
      msPerTop10Query: (performance.now() - started) / Math.max(1, options.queries),
    };
    if (options.evaluate) {
      const report = await evaluateRanking(model, table, split, { target: 'test', ks: [10] });
      row.ndcg10 = report.overall['NDCG@10']!;
      row.hr10 = report.overall['HR@10']!;
    }
    return row;
  } finally {
    model.dispose();
  }
}

/** The rows as an aligned text table. */
export function formatBenchRows(rows: BackendBenchRow[]): string {
  const fmt = (x: number | undefined, digits: number) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
  const header = ['backend', 'step', 'epochs', 's/epoch', '1st epoch s', 'samples/s', 'ms/top-10', 'NDCG@10', 'HR@10'];
  const lines = rows.map((r) =>
    r.skipped
      ? [r.name, `skipped: ${r.skipped}`]
      : [r.name, r.step ?? '–', String(r.epochs), fmt(r.secondsPerEpoch, 3), fmt(r.firstEpochSeconds, 3), fmt(r.samplesPerSecond, 0), fmt(r.msPerTop10Query, 2), fmt(r.ndcg10, 4), fmt(r.hr10, 4)],
  );
  const widths = header.map((_, c) => Math.max(header[c]!.length, ...lines.filter((l) => l.length > 2).map((l) => (l[c] ?? '').length)));
  const table = [header, ...lines].map((l) => (l.length === 2 ? `${l[0]!.padEnd(widths[0]!)}  ${l[1]}` : l.map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')));
  // Say why a WASM or CPU run did not use the SIMD kernel (GPU backends never do: no addressable memory).
  const notes = rows.filter((r) => r.kernelUnavailable && r.step === 'js-in-place').map((r) => `${r.name}: SIMD kernel not used (${r.kernelUnavailable})`);
  return [...table, ...notes].join('\n');
}
