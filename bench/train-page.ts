// The browser half of the training benchmark: BPR-MF on the embedded dataset on every TF.js
// backend this browser has (WebGPU, WebGL, WASM, CPU), with the same code as `l4r bench-train`.
// bench/train-browser.ts opens this page in headless Chromium and calls window.runTrainBench.
// Memory per backend: the tensor peak (tf.profile over one extra epoch, as in Node), the page's JS
// heap when the backend is ready (after a forced GC) and its peak, and the peak of the backend's
// GPU buffers, sampled after every step (cheap reads).
import * as tf from '@tensorflow/tfjs-core';
import { EMBEDDED_DATASET, embeddedDatasetUrl } from '../src/data/embedded.ts';
import { parseDataset } from '../src/data/import/parse.ts';
import { sourceFromUrl } from '../src/data/import/source.ts';
import { leaveOneOutByTime, selectRows } from '../src/data/splits.ts';
import type { BackendName } from '../src/models/backend.ts';
import { mfConfig } from '../src/models/mf-config.ts';
import { benchmarkBackend, BYTES_PER_MIB, type BackendBenchRow, type BenchMemoryHooks } from '../src/training/train-benchmark.ts';
import { fusedGpuBytes } from '../src/models/webgpu/gpu-buffer.ts';
import { setFusedWebGpu } from '../src/models/webgpu/fused-switch.ts';

export interface TrainBenchOptions {
  epochs: number;
  /** Epochs on the (slow) CPU backend. */
  cpuEpochs: number;
  queries: number;
  batchSize: number;
  /** Backends to run, fastest first (any of webgpu, webgl, wasm, cpu). */
  backends: BackendName[];
  /** Also run WebGPU with TF.js tensor ops (the fused kernels off), as the row `tfjs-webgpu-ops`. */
  webgpuOps?: boolean;
  /** Train on the first N users only (0 = all): SwiftShader emulates the GPU on the CPU, slowly. */
  users: number;
}

declare global {
  interface Window {
    runTrainBench?: (options: TrainBenchOptions) => Promise<BackendBenchRow[]>;
  }
}

window.runTrainBench = async (options) => {
  // This page lives under /bench/; the dataset is served from the site root.
  const base = embeddedDatasetUrl(new URL('/', location.href));
  const dataset = await parseDataset(await sourceFromUrl(base, [...EMBEDDED_DATASET.files]), { format: 'movielens-csv' });
  const numUsers = options.users > 0 ? Math.min(options.users, dataset.users.length) : dataset.users.length;
  const rows0: number[] = [];
  for (let r = 0; r < dataset.interactions.length; r++) if (dataset.interactions.user[r]! < numUsers) rows0.push(r);
  const table = selectRows(dataset.interactions, Int32Array.from(rows0));
  const input = {
    table,
    split: leaveOneOutByTime(table),
    numUsers,
    numItems: dataset.items.length,
    config: mfConfig({ batchSize: options.batchSize }),
  };
  const rows: BackendBenchRow[] = [];
  console.log(`${table.length} interactions of ${numUsers} users`);
  const runs = options.backends.flatMap((name): { name: BackendName; ops: boolean }[] =>
    name === 'webgpu' && options.webgpuOps ? [{ name, ops: false }, { name, ops: true }] : [{ name, ops: false }],
  );
  for (const { name, ops } of runs) {
    const epochs = name === 'cpu' ? options.cpuEpochs : options.epochs;
    if (epochs < 1) continue;
    setFusedWebGpu(!ops);
    console.log(`${name}: training ${epochs} epoch(s)…`);
    // Backends share the page: collect the previous one's garbage so it does not count as this one's heap.
    (globalThis as { gc?: () => void }).gc?.();
    const peaks = new MemoryPeaks();
    const row = await benchmarkBackend(name, input, { epochs, queries: options.queries, evaluate: false, tensorPeak: true, memory: peaks.hooks });
    if (!row.skipped) Object.assign(row, peaks.figures());
    if (ops) row.name = 'tfjs-webgpu-ops';
    setFusedWebGpu(true);
    rows.push(row);
    console.log(`${name}: ${rows.at(-1)!.skipped ?? `${rows.at(-1)!.secondsPerEpoch.toFixed(3)} s/epoch`}`);
  }
  return rows;
};

/** Chromium's non-standard performance.memory (precise only with --enable-precise-memory-info, which bench/train-browser.ts passes). */
interface ChromiumPerformance extends Performance {
  memory?: { usedJSHeapSize: number };
}

/** The GPU backends' own counts of the buffers they hold, free ones in their pools included. */
interface GpuMemoryInfo {
  numBytesAllocatedInGPU?: number;
  numBytesInGPUAllocated?: number;
}

/** Peaks of the page's JS heap and of the backend's GPU buffers, from the training run's memory hooks. */
class MemoryPeaks {
  private jsHeapAtReady = NaN;
  private jsHeap = NaN;
  private gpu = NaN;

  readonly hooks: BenchMemoryHooks = {
    onReady: () => {
      // The backend's start-up garbage is not the model's: collect it before the base is read.
      (globalThis as { gc?: () => void }).gc?.();
      this.sample();
      this.jsHeapAtReady = this.jsHeap;
    },
    onStep: () => this.sample(),
    onTrained: () => this.sample(),
  };

  private sample(): void {
    const heap = (performance as ChromiumPerformance).memory?.usedJSHeapSize;
    if (heap !== undefined) this.jsHeap = Number.isNaN(this.jsHeap) ? heap : Math.max(this.jsHeap, heap);
    const info = tf.memory() as GpuMemoryInfo;
    // WebGPU: plus the fused kernels' own buffers (src/models/webgpu/), which TF.js does not count.
    const tfjs = info.numBytesAllocatedInGPU ?? info.numBytesInGPUAllocated;
    const gpu = tfjs === undefined ? undefined : tfjs + (info.numBytesAllocatedInGPU === undefined ? 0 : fusedGpuBytes());
    if (gpu !== undefined) this.gpu = Number.isNaN(this.gpu) ? gpu : Math.max(this.gpu, gpu);
  }

  figures(): Pick<BackendBenchRow, 'baseJsHeapMiB' | 'peakJsHeapMiB' | 'peakGpuMiB'> {
    return {
      ...(Number.isNaN(this.jsHeap) ? {} : { baseJsHeapMiB: this.jsHeapAtReady / BYTES_PER_MIB, peakJsHeapMiB: this.jsHeap / BYTES_PER_MIB }),
      ...(Number.isNaN(this.gpu) ? {} : { peakGpuMiB: this.gpu / BYTES_PER_MIB }),
    };
  }
}
