/** The page's handle on the training worker. */
import * as Comlink from 'comlink';
import type { TrainWorkerApi } from './train-worker-api.ts';
import { AbortedError } from '../errors.ts';
import { installRecErrorTransfer, registerErrorClasses } from './transfer-errors.ts';
import type { TrainRunner } from '../training/train-task.ts';
import { runInWorker, wrapWorker, type WorkerHandle } from './worker-handle.ts';

export interface TrainWorkerHandle extends WorkerHandle<TrainWorkerApi> {
  /** Stops the worker (and any training in it) at once. */
  terminate(): void;
}

export function createTrainWorker(): TrainWorkerHandle {
  installRecErrorTransfer();
  // A cancelled run rejects with AbortedError; make it arrive as that class.
  registerErrorClasses(AbortedError);
  return wrapWorker<TrainWorkerApi>(new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'l4r-train' }));
}

/** Wraps a progress callback so it can cross the worker boundary. */
export function progressProxy<T>(callback: (progress: T) => void): (progress: T) => void {
  return Comlink.proxy(callback);
}

/** Trains in a fresh training worker on the database `dbName`, which it opens itself. */
export function trainInWorker(dbName: string): TrainRunner {
  return (request, { signal, onProgress }) => runInWorker(createTrainWorker(), signal, (api) => api.train({ ...request, dbName }, progressProxy(onProgress)));
}
