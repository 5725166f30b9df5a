/**
 * One TF.js backend's row of `l4r bench train`, measured in a process of its own
 * (bench/train-node-backend.ts is the entry): a process's peak RSS only grows, so backends
 * measured in one process would inherit each other's peak. It trains on the split file the
 * PyTorch reference reads, so every row of a run trains on the same rows, and prints its row as
 * one JSON line on stdout (src/cli/bench-train-rows.ts reads it back).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { InteractionTable, Split } from '../data/types.ts';
import { RecError } from '../errors.ts';
import { mfConfig } from '../models/mf-config.ts';
import * as tf from '@tensorflow/tfjs-core';
import { benchmarkBackend, BYTES_PER_MIB, type BenchInput } from '../training/train-benchmark.ts';
import { describeAdapter } from '../models/webgpu/adapter-description.ts';
import { setFusedWebGpu } from '../models/webgpu/fused-switch.ts';
import { fusedGpuBytes } from '../models/webgpu/gpu-buffer.ts';
import type { BenchChildJob } from './bench-train-rows.ts';
import type { SplitJson } from './split-json.ts';

export async function runBenchChild(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { job: { type: 'string' } } });
  if (values.job === undefined) {
    console.error('usage: node --import tsx bench/train-node-backend.ts --job <BenchChildJob as JSON> (started by `l4r bench train`)');
    return 2;
  }
  const job = JSON.parse(values.job) as BenchChildJob;
  const input: BenchInput = { ...tableFromSplitJson(JSON.parse(await readFile(job.split, 'utf8')) as SplitJson), config: mfConfig(job.config) };
  // maxRSS is in KiB; a monotone peak, so one read after the work is the peak through it.
  const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
  let base = NaN;
  let peak = NaN;
  // WebGPU: TF.js's GPU buffers (its pool included) plus the fused kernels' own, after every step.
  let gpu = NaN;
  const sampleGpu = () => {
    const allocated = (tf.memory() as { numBytesAllocatedInGPU?: number }).numBytesAllocatedInGPU;
    if (allocated !== undefined) gpu = Math.max(Number.isNaN(gpu) ? 0 : gpu, allocated + fusedGpuBytes());
  };
  if (job.backend === 'webgpu') setFusedWebGpu(job.webgpuPath !== 'tensor-ops');
  const row = await benchmarkBackend(job.backend, input, {
    epochs: job.epochs,
    queries: job.queries,
    evaluate: job.evaluate,
    tensorPeak: true,
    memory: { onReady: () => (base = peakRssMiB()), onStep: sampleGpu, onTrained: () => ((peak = peakRssMiB()), sampleGpu()) },
  });
  if (!row.skipped) Object.assign(row, { baseRssMiB: base, peakRssMiB: peak });
  if (!row.skipped && !Number.isNaN(gpu)) row.peakGpuMiB = gpu / BYTES_PER_MIB;
  if (job.backend === 'webgpu') {
    if (job.webgpuPath === 'tensor-ops') row.name = 'tfjs-webgpu-ops';
    const adapter = await describeAdapter();
    if (adapter) Object.assign(row, { adapter: adapter.label, softwareAdapter: adapter.software });
  }
  console.log(JSON.stringify(row));
  return 0;
}

/**
 * The split file back as a table and row indices: training rows first, then validation, then
 * test, so `split.train` keeps the file's order (the sampler sees the rows the in-process run
 * saw). The file has no ratings or times; BPR and the ranking evaluation use neither, so ratings
 * are NaN (implicit) and a row's index stands in for its time, which keeps each user's train <
 * validation < test order.
 */
export function tableFromSplitJson(json: SplitJson): Omit<BenchInput, 'config'> {
  const parts = [json.train, json.validation, json.test];
  for (const [k, part] of parts.entries()) {
    if (!Array.isArray(part?.user) || !Array.isArray(part.item) || part.user.length !== part.item.length) {
      throw new RecError('CONFIG_INVALID', `The split file's ${['train', 'validation', 'test'][k]} part needs equally long "user" and "item" arrays; write it with splitJson().`);
    }
  }
  const length = parts.reduce((n, p) => n + p.user.length, 0);
  const table: InteractionTable = {
    length,
    user: Int32Array.from(parts.flatMap((p) => p.user)),
    item: Int32Array.from(parts.flatMap((p) => p.item)),
    rating: new Float32Array(length).fill(NaN),
    timestamp: Float64Array.from({ length }, (_, r) => r),
  };
  const range = (from: number, n: number) => Int32Array.from({ length: n }, (_, k) => from + k);
  const t = json.train.user.length;
  const v = json.validation.user.length;
  const split: Split = { train: range(0, t), validation: range(t, v), test: range(t + v, json.test.user.length) };
  return { table, split, numUsers: json.numUsers, numItems: json.numItems };
}
