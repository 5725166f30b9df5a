/// <reference lib="webworker" />
/**
 * Entry of the training module worker (thin: the work is in src/training/train-session.ts).
 * Create it with `createTrainWorker()` from train-client.ts.
 */
import * as Comlink from 'comlink';
import { openRecStore } from '../data/store.ts';
import { RecError } from '../errors.ts';
import { activateBackend } from '../models/backend.ts';
import { trainFromStore } from '../training/train-session.ts';
import { setWasmLocation } from '../runtime/wasm-paths.ts';
import type { TrainWorkerApi } from './train-worker-api.ts';
import { installRecErrorTransfer } from './transfer-errors.ts';

installRecErrorTransfer();

let running: AbortController | null = null;

const api: TrainWorkerApi = {
  backend(request, wasmPaths) {
    if (wasmPaths !== undefined) setWasmLocation(wasmPaths);
    return activateBackend(request);
  },
  async train(request, onProgress) {
    if (running) {
      throw new RecError('CONFIG_INVALID', 'A training run is already in progress in this worker; cancel it or wait for it to finish.');
    }
    if (request.wasmPaths !== undefined) setWasmLocation(request.wasmPaths);
    running = new AbortController();
    const store = await openRecStore(request.dbName);
    try {
      // Bound to the dataset the page means (or, unsaid, the one stored now) for the whole run:
      // if another tab replaces it meanwhile, the next checkpoint is refused (DATASET_MISMATCH).
      const fingerprint = request.datasetFingerprint ?? (await store.info())?.fingerprint;
      if (fingerprint === undefined) throw new RecError('NO_DATASET', 'There is no dataset to train on yet; import one first.');
      return await trainFromStore(store.boundTo(fingerprint), request, { signal: running.signal, onProgress: onProgress && ((p) => void onProgress(p)) });
    } finally {
      store.close();
      running = null;
    }
  },
  cancel() {
    running?.abort(new DOMException('Training cancelled', 'AbortError'));
  },
};

Comlink.expose(api, self as unknown as DedicatedWorkerGlobalScope);
