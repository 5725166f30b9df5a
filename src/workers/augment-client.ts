/** The page's handle on the augmentation worker. */
import type { AugmentWorkerApi } from './augment-worker-api.ts';
import { installAugmentErrorTransfer } from './augment-errors.ts';
import { wrapWorker, type WorkerHandle } from './worker-handle.ts';

export interface AugmentWorkerHandle extends WorkerHandle<AugmentWorkerApi> {
  /** Stops the worker at once, as a reload would: committed pairs stay in IndexedDB. */
  terminate(): void;
}

/** The package's own augmentation worker ('.js': see defaultTrainWorker in train-client.ts). */
export function defaultAugmentWorker(): Worker {
  return new Worker(new URL('./augment-worker.js', import.meta.url), { type: 'module', name: 'l4r-augment' });
}

/** Starts an augmentation worker: the package's own, or the one `createWorker` makes (an app's own file that imports 'llama4rec-web/augment-worker'). */
export function createAugmentWorker(createWorker: () => Worker = defaultAugmentWorker): AugmentWorkerHandle {
  installAugmentErrorTransfer();
  return wrapWorker<AugmentWorkerApi>(createWorker(), 'augment');
}
