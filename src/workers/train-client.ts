/** The page's handle on the training worker. */
import * as Comlink from 'comlink';
import type { TrainWorkerApi } from './train-worker-api.ts';
import { AbortedError } from '../errors.ts';
import { installRecErrorTransfer, registerErrorClasses } from './transfer-errors.ts';
import type { TrainRunner } from '../training/train-task.ts';
import { wasmPathsForWorker, type RuntimeOptions } from '../runtime/runtime-options.ts';
import { runInWorker, wrapWorker, type WorkerHandle } from './worker-handle.ts';

export interface TrainWorkerHandle extends WorkerHandle<TrainWorkerApi> {
  /** Stops the worker (and any training in it) at once. */
  terminate(): void;
}

/**
 * The package's own training worker. The URL names the built file ('.js'): Vite resolves it to
 * train-worker.ts in this repository, and bundlers of the published package (Vite, webpack 5)
 * bundle dist's train-worker.js from it.
 */
export function defaultTrainWorker(): Worker {
  return new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module', name: 'l4r-train' });
}

/** Starts a training worker: the package's own, or the one `createWorker` makes (an app's own file that imports 'llama4rec-web/train-worker'). */
export function createTrainWorker(createWorker: () => Worker = defaultTrainWorker): TrainWorkerHandle {
  installRecErrorTransfer();
  // A cancelled run rejects with AbortedError; make it arrive as that class.
  registerErrorClasses({ AbortedError });
  return wrapWorker<TrainWorkerApi>(createWorker(), 'train');
}

/** Wraps a progress callback so it can cross the worker boundary. */
export function progressProxy<T>(callback: (progress: T) => void): (progress: T) => void {
  return Comlink.proxy(callback);
}

/**
 * Trains in a fresh training worker on the database `dbName`, which it opens itself: the app's own
 * worker and wasm location when `runtime` names them (createRecommender's `workers`, `wasmPaths`).
 */
export function trainInWorker(dbName: string, runtime: RuntimeOptions = {}): TrainRunner {
  const wasmPaths = wasmPathsForWorker(runtime);
  return (request, { signal, onProgress }) =>
    runInWorker(createTrainWorker(runtime.workers?.train), signal, (api) =>
      api.train({ ...request, dbName, ...(wasmPaths === undefined ? {} : { wasmPaths }) }, progressProxy(onProgress)),
    );
}
