/**
 * The typed boundary of the training worker: what the page can ask it. Training runs in the
 * worker (TF.js, IndexedDB reads, checkpoints), so the page never freezes; progress comes back
 * through a Comlink proxy callback, errors arrive as their RecError class (transfer-errors.ts).
 */
import type { BackendChoice, BackendRequest } from '../models/backend.ts';
import type { TrainOutcome, TrainProgress, TrainRequest } from '../training/train-session.ts';
import type { WasmPaths } from '../runtime/wasm-paths.ts';

export interface TrainWorkerRequest extends TrainRequest {
  /**
   * IndexedDB database to read from and checkpoint into (default: the app's). The run is bound to
   * `datasetFingerprint` (default: the dataset stored when it starts): it refuses to train on, or
   * write a checkpoint into, a store that holds another dataset (DATASET_MISMATCH).
   */
  dbName?: string;
  /** Where TF.js's .wasm binaries are (absolute URLs; default: the package's own copies). */
  wasmPaths?: WasmPaths;
}

export interface TrainWorkerApi {
  /**
   * Activates and reports the TF.js backend the worker would train on: `request` 'auto' (default)
   * or exactly one (BACKEND_UNAVAILABLE if it cannot start). `train` activates `request.backend` itself.
   */
  backend(request?: BackendRequest, wasmPaths?: WasmPaths): Promise<BackendChoice>;
  /** Trains (resuming from the stored checkpoint when there is one); one run at a time. */
  train(request: TrainWorkerRequest, onProgress?: (progress: TrainProgress) => void): Promise<TrainOutcome>;
  /** Cancels the running `train` call: it rejects with AbortedError; the last epoch's checkpoint stays. */
  cancel(): void;
}
