// The browser half of the training benchmark: BPR-MF on the embedded dataset on every TF.js
// backend this browser has (WebGPU, WebGL, WASM, CPU), with the same code as `l4r bench-train`.
// bench/train-browser.ts opens this page in headless Chromium and calls window.runTrainBench.
import { EMBEDDED_DATASET, embeddedDatasetUrl } from '../src/data/embedded.ts';
import { parseDataset } from '../src/data/import/parse.ts';
import { sourceFromUrl } from '../src/data/import/source.ts';
import { leaveOneOutByTime, selectRows } from '../src/data/splits.ts';
import type { BackendName } from '../src/models/backend.ts';
import { mfConfig } from '../src/models/mf-config.ts';
import { benchmarkBackend, type BackendBenchRow } from '../src/models/train-benchmark.ts';

export interface TrainBenchOptions {
  epochs: number;
  /** Epochs on the (slow) CPU backend. */
  cpuEpochs: number;
  queries: number;
  batchSize: number;
  /** Backends to run, fastest first (any of webgpu, webgl, wasm, cpu). */
  backends: BackendName[];
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
  for (const name of options.backends) {
    const epochs = name === 'cpu' ? options.cpuEpochs : options.epochs;
    if (epochs < 1) continue;
    console.log(`${name}: training ${epochs} epoch(s)…`);
    rows.push(await benchmarkBackend(name, input, { epochs, queries: options.queries, evaluate: false }));
    console.log(`${name}: ${rows.at(-1)!.skipped ?? `${rows.at(-1)!.secondsPerEpoch.toFixed(3)} s/epoch`}`);
  }
  return rows;
};
