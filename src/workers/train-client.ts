/** The page's handle on the training worker. */
import * as Comlink from 'comlink';
import type { TrainWorkerApi } from './train-worker-api.ts';
import { AbortedError } from '../errors.ts';
import { installRecErrorTransfer, registerErrorClasses } from './transfer-errors.ts';

export interface TrainWorkerHandle {
  api: Comlink.Remote<TrainWorkerApi>;
  /** Stops the worker (and any training in it) at once. */
  terminate(): void;
}

export function createTrainWorker(): TrainWorkerHandle {
  installRecErrorTransfer();
  // A cancelled run rejects with AbortedError; make it arrive as that class.
  registerErrorClasses(AbortedError);
  const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'l4r-train' });
  const api = Comlink.wrap<TrainWorkerApi>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Wraps a progress callback so it can cross the worker boundary. */
export function progressProxy<T>(callback: (progress: T) => void): (progress: T) => void {
  return Comlink.proxy(callback);
}
