/** The page's handle on the augmentation worker. */
import type { AugmentWorkerApi } from './augment-worker-api.ts';
import { installAugmentErrorTransfer } from './augment-errors.ts';
import { wrapWorker, type WorkerHandle } from './worker-handle.ts';

export interface AugmentWorkerHandle extends WorkerHandle<AugmentWorkerApi> {
  /** Stops the worker at once, as a reload would: committed pairs stay in IndexedDB. */
  terminate(): void;
}

export function createAugmentWorker(): AugmentWorkerHandle {
  installAugmentErrorTransfer();
  return wrapWorker<AugmentWorkerApi>(new Worker(new URL('./augment-worker.ts', import.meta.url), { type: 'module', name: 'l4r-augment' }));
}
