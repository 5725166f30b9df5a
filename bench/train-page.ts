// The browser half of the training benchmark: BPR-MF on the embedded dataset on every TF.js
// backend this browser has (WebGPU, WebGL, WASM, CPU), with the same code as `l4r bench-train`.
// bench/train-browser.ts opens this page in headless Chromium and calls window.runTrainBench.
import { EMBEDDED_DATASET, embeddedDatasetUrl } from '../src/data/embedded.ts';
import { parseDataset } from '../src/data/import/parse.ts';
import { sourceFromUrl } from '../src/data/import/source.ts';
import { leaveOneOutByTime } from '../src/data/splits.ts';
import { BROWSER_ORDER } from '../src/models/backend.ts';
import { mfConfig } from '../src/models/mf-config.ts';
import { benchmarkBackend, type BackendBenchRow } from '../src/models/train-benchmark.ts';

export interface TrainBenchOptions {
  epochs: number;
  /** Epochs on the (slow) CPU backend. */
  cpuEpochs: number;
  queries: number;
  batchSize: number;
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
  const table = dataset.interactions;
  const input = {
    table,
    split: leaveOneOutByTime(table),
    numUsers: dataset.users.length,
    numItems: dataset.items.length,
    config: mfConfig({ batchSize: options.batchSize }),
  };
  const rows: BackendBenchRow[] = [];
  for (const name of BROWSER_ORDER) {
    const epochs = name === 'cpu' ? options.cpuEpochs : options.epochs;
    if (epochs < 1) continue;
    rows.push(await benchmarkBackend(name, input, { epochs, queries: options.queries, evaluate: false }));
  }
  return rows;
};
