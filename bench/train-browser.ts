/**
 * BPR-MF training speed in headless Chromium on every TF.js backend it has (WebGPU on the
 * SwiftShader adapter here, WebGL, WASM, CPU), side by side in one run: s/epoch, samples/s and
 * ms per top-10 query on the embedded ml-latest-small.
 *
 *   node --import tsx bench/train-browser.ts [--epochs 3] [--cpu-epochs 1] [--batch 4096] [--users 100 (0 = all)]
 *                                    [--backends webgpu,wasm,cpu] [--webgpu-ops] [--json]
 *
 * WebGPU trains with our fused WGSL kernels (src/models/webgpu/); --webgpu-ops adds a row with
 * TF.js tensor ops (the fused kernels off) right after it, for the side-by-side.
 *
 * SwiftShader emulates the GPU on the CPU, so WebGPU/WebGL figures here say nothing about a real GPU;
 * by default only the first 100 users' interactions are used to keep a run to minutes.
 *
 * Memory columns (MiB = 2^20 bytes), per backend, all backends in one page one after another:
 *   tensor MiB   peak of tf.memory().numBytes over one extra, untimed epoch of a fresh model under
 *                tf.profile (weights, Adam moments, a step's temporaries)
 *   GPU MiB      WebGPU/WebGL: peak of the backend's allocated GPU buffers (its pool of free
 *                buffers included), sampled after every step
 *   base JS heap MiB  performance.memory.usedJSHeapSize (the page's V8 heap; not WASM memory, not
 *                GPU buffers) when the backend is ready; the page collects garbage just before
 *   peak JS heap MiB  its peak (uncollected garbage included), sampled then, after every step and
 *                after the queries
 *
 * Starts a Vite dev server on a free port and opens bench/train.html (playwright-core, the same
 * launch options as the browser tests). The Node backends: `l4r bench-train`.
 */
import { parseArgs } from 'node:util';
import { BROWSER_ORDER, type BackendName } from '../src/models/backend.ts';
import { formatBenchRows } from '../src/training/train-benchmark.ts';
import { withBenchPage } from './bench-page.ts';
import type { TrainBenchOptions } from './train-page.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '3' },
      'cpu-epochs': { type: 'string', default: '1' },
      batch: { type: 'string', default: '4096' },
      queries: { type: 'string', default: '50' },
      users: { type: 'string', default: '100' },
      // WebGL on SwiftShader spent > 5 minutes on 2 epochs of 15K interactions here: opt in with --backends.
      backends: { type: 'string', default: 'webgpu,wasm,cpu' },
      json: { type: 'boolean', default: false },
      'webgpu-ops': { type: 'boolean', default: false },
    },
  });
  const options: TrainBenchOptions = {
    epochs: Number(values.epochs),
    cpuEpochs: Number(values['cpu-epochs']),
    batchSize: Number(values.batch),
    queries: Number(values.queries),
    users: Number(values.users),
    backends: [],
    webgpuOps: values['webgpu-ops'],
  };
  for (const name of values.backends.split(',')) {
    if (!(BROWSER_ORDER as readonly string[]).includes(name)) {
      console.error(`--backends takes names from ${BROWSER_ORDER.join(', ')}, not "${name}".`);
      return 2;
    }
    options.backends.push(name as BackendName);
  }
  for (const [flag, value] of Object.entries(options)) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 0)) {
      console.error(`${flag} must be a whole number ≥ 0, not ${value}.`);
      return 2;
    }
  }
  return withBenchPage(
    'bench/train.html',
    'runTrainBench',
    async (page) => {
      const rows = await page.evaluate((o) => window.runTrainBench!(o), options);
      if (values.json) console.log(JSON.stringify({ browser: 'chromium (headless)', options, rows }, null, 2));
      else {
        console.log(`BPR-MF on ml-latest-small (first ${options.users || 'all'} users) in headless Chromium, batch ${options.batchSize}:`);
        console.log(formatBenchRows(rows));
      }
      return 0;
    },
    // Without the first flag Chromium rounds performance.memory into coarse buckets and refreshes it
    // rarely; the second lets the page collect garbage between backends.
    { forwardConsole: true, extraArgs: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] },
  );
}

process.exitCode = await main();
