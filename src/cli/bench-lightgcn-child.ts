/**
 * One TF.js row of `l4r bench lightgcn`, in a process of its own (bench/lightgcn-node.ts is the
 * entry) so its peak RSS is its own: trains LightGCN on the split file the PyTorch reference reads
 * (same rows, same order), with the same early stopping, and prints one JSON line.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { evaluateRanking } from '../eval/evaluate.ts';
import { useBackend, type BackendName } from '../models/backend.ts';
import type { LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import { trainLightGcn } from '../training/train-lightgcn.ts';
import { tableFromSplitJson } from './bench-train-child.ts';
import type { SplitJson } from './split-json.ts';

export interface LightGcnChildJob {
  backend: BackendName;
  split: string;
  config: Partial<LightGcnConfig>;
  epochs: number;
  patience: number;
  validateEvery: number;
}

/** What a child prints (and the PyTorch reference's output is turned into). */
export interface LightGcnBenchRow {
  name: string;
  seed: number;
  /** How the step ran ('wasm-simd', 'js-in-place', 'tensor-ops'); absent for PyTorch. */
  step?: string;
  epochs: number;
  bestEpoch: number;
  /** Validation NDCG@10 at the best epoch (what early stopping chose by); NaN without validation. */
  bestValidation: number;
  secondsPerEpoch: number;
  /** Test metrics at the best validated epoch: HR@k, NDCG@k for k = 3, 5, 10, 20. */
  test: Record<string, number>;
  baseRssMiB: number;
  peakRssMiB: number;
}

export const TEST_KS = [3, 5, 10, 20];

export async function runLightGcnChild(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { job: { type: 'string' } } });
  if (values.job === undefined) {
    console.error('usage: node --import tsx bench/lightgcn-node.ts --job <LightGcnChildJob as JSON> (started by `l4r bench lightgcn`)');
    return 2;
  }
  const job = JSON.parse(values.job) as LightGcnChildJob;
  await useBackend(job.backend);
  const { table, split, numUsers, numItems } = tableFromSplitJson(JSON.parse(await readFile(job.split, 'utf8')) as SplitJson);
  // maxRSS is in KiB and only grows: one read after the work is the peak through it.
  const rssMiB = () => process.resourceUsage().maxRSS / 1024;
  const baseRssMiB = rssMiB();
  const { model, result } = await trainLightGcn(table, split, { numUsers, numItems }, {
    config: job.config,
    epochs: job.epochs,
    patience: job.patience,
    validateEvery: job.validateEvery,
  });
  const peakRssMiB = rssMiB();
  const report = await evaluateRanking(model, table, split, { target: 'test', ks: TEST_KS });
  const epochs = result.history.at(-1)?.epoch ?? model.epochsDone;
  const row: LightGcnBenchRow = {
    name: `tfjs-${job.backend}`,
    seed: model.config.seed,
    ...(model.lastStep ? { step: model.lastStep.path } : {}),
    epochs,
    bestEpoch: result.bestEpoch,
    bestValidation: result.bestValidation,
    secondsPerEpoch: result.trainSeconds / Math.max(1, epochs),
    test: report.overall,
    baseRssMiB,
    peakRssMiB,
  };
  model.dispose();
  console.log(JSON.stringify(row));
  return 0;
}
