/**
 * How the library finds its workers and TF.js's binaries in an app's build: what a bundler that
 * does not understand `new Worker(new URL(…, import.meta.url))` or `new URL('x.wasm', import.meta.url)`
 * (esbuild) needs the app to say. The defaults work unchanged with Vite (dev server and build) and
 * webpack 5. Options of `createRecommender`.
 */
import { RecError } from '../errors.ts';
import { absoluteWasmPaths, checkWasmPaths, type WasmPaths } from './wasm-paths.ts';

/** Functions that start a module worker, each from a file of the app's own. */
export interface WorkerFactories {
  /** The training worker: `() => new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' })` over a file that imports 'llama4rec-web/train-worker'. */
  train?: () => Worker;
  /** The augmentation worker (used with `augmentEngine`), over a file that imports 'llama4rec-web/augment-worker'. */
  augment?: () => Worker;
}

export interface RuntimeOptions {
  /** Workers the app starts itself (default: the package's own, found through `import.meta.url`). */
  workers?: WorkerFactories;
  /** Where TF.js's .wasm binaries are served (default: the package's own copies, found through `import.meta.url`). */
  wasmPaths?: WasmPaths;
}

export function checkRuntimeOptions(options: RuntimeOptions): void {
  if (options.workers !== undefined) {
    if (typeof options.workers !== 'object' || options.workers === null) {
      throw new RecError('CONFIG_INVALID', 'createRecommender: option "workers" must be an object like { train: () => new Worker(…) }.');
    }
    for (const role of ['train', 'augment'] as const) {
      const factory = options.workers[role];
      if (factory !== undefined && typeof factory !== 'function') {
        throw new RecError('CONFIG_INVALID', `createRecommender: option "workers.${role}" must be a function that returns a new Worker (got ${typeof factory}).`);
      }
    }
  }
  if (options.wasmPaths !== undefined) checkWasmPaths(options.wasmPaths);
}

/** The wasm location a worker is told: the app's, made absolute against this page, or none (the worker's default). */
export function wasmPathsForWorker(options: RuntimeOptions): WasmPaths | undefined {
  return options.wasmPaths === undefined ? undefined : absoluteWasmPaths(options.wasmPaths);
}
