/**
 * One TF.js backend's row of `l4r bench sasrec`, in a process of its own (a process's peak RSS
 * only grows, so rows sharing one would inherit each other's peak; bench/sasrec-node-backend.ts is
 * the entry). It trains on the split file the PyTorch reference reads and prints its row as one
 * JSON line on stdout.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { evaluateSasRec } from '../eval/sequential-eval.ts';
import { useBackend } from '../models/backend.ts';
import { sasrecConfig } from '../models/sasrec/sasrec-config.ts';
import { wasmHeap } from '../models/wasm-heap.ts';
import { trainSasRec } from '../training/train-sasrec.ts';
import { tableFromSplitJson } from './bench-train-child.ts';
import { SASREC_BENCH_KS, skippedSasRecRow, type SasRecBenchRow, type SasRecChildJob } from './bench-sasrec-rows.ts';
import type { SplitJson } from './split-json.ts';

export async function runSasRecChild(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { job: { type: 'string' } } });
  if (values.job === undefined) {
    console.error('usage: node --import tsx bench/sasrec-node-backend.ts --job <SasRecChildJob as JSON> (started by `l4r bench sasrec`)');
    return 2;
  }
  const job = JSON.parse(values.job) as SasRecChildJob;
  console.log(JSON.stringify(await sasrecChildRow(job)));
  return 0;
}

export async function sasrecChildRow(job: SasRecChildJob): Promise<SasRecBenchRow> {
  const name = job.label ?? `tfjs-${job.backend}`;
  const config = sasrecConfig(job.config);
  try {
    await useBackend(job.backend);
  } catch (error) {
    return skippedSasRecRow(name, config.seed, error instanceof Error ? error.message : String(error));
  }
  const { table, split, numUsers, numItems } = tableFromSplitJson(JSON.parse(await readFile(job.split, 'utf8')) as SplitJson);
  // maxRSS is in KiB and only grows: one read after the work is the peak through it.
  const rssMiB = () => process.resourceUsage().maxRSS / 1024;
  const baseRssMiB = rssMiB();
  const { model, result } = await trainSasRec(table, split, { numUsers, numItems }, {
    epochs: job.epochs,
    config,
    patience: job.patience,
    validateEvery: job.validateEvery,
  });
  try {
    const peakRssMiB = rssMiB();
    const heap = wasmHeap();
    const seconds = result.history.map((h) => h.seconds);
    const samples = result.history.reduce((n, h) => n + h.samples, 0);
    const row: SasRecBenchRow = {
      name,
      seed: config.seed,
      step: model.lastStep ? `${model.lastStep.path}${model.lastStep.relaxedSimd ? '+fma' : ''}` : undefined,
      epochs: result.epochsRun,
      secondsPerEpoch: result.trainSeconds / result.epochsRun,
      firstEpochSeconds: seconds[0] ?? NaN,
      samplesPerSecond: samples / result.trainSeconds,
      peakRssMiB,
      baseRssMiB,
    };
    if (job.patience > 0) Object.assign(row, { bestEpoch: result.bestEpoch, bestValidation: result.bestValidation });
    if (!('unavailable' in heap)) row.wasmHeapMiB = heap.memory.buffer.byteLength / 2 ** 20;
    if (job.evaluate) {
      const report = await evaluateSasRec(model, table, split, { target: 'test', ks: SASREC_BENCH_KS });
      row.test = report.overall;
      row.groups = report.groups.map((g) => ({ label: g.label, users: g.users, metrics: g.metrics }));
    }
    return row;
  } finally {
    model.dispose();
  }
}
