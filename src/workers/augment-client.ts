/** The page's handle on the augmentation worker. */
import * as Comlink from 'comlink';
import type { AugmentWorkerApi } from './augment-worker-api.ts';
import { installAugmentErrorTransfer } from './augment-errors.ts';

export interface AugmentWorkerHandle {
  api: Comlink.Remote<AugmentWorkerApi>;
  /** Stops the worker at once, as a reload would: committed pairs stay in IndexedDB. */
  terminate(): void;
}

export function createAugmentWorker(): AugmentWorkerHandle {
  installAugmentErrorTransfer();
  const worker = new Worker(new URL('./augment-worker.ts', import.meta.url), { type: 'module', name: 'l4r-augment' });
  const api = Comlink.wrap<AugmentWorkerApi>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
