/**
 * The page's handle on the augmentation worker, and one job run in a fresh worker that ends
 * afterwards: cancel via the AbortSignal (the worker's job rejects with AbortedError, committed
 * answers stay), pause/resume via the controls handed to `onStart`.
 */
import * as Comlink from 'comlink';
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import type { LongWorkOptions, Progress } from '../progress.ts';
import type { AttributeAugmentWorkerRequest, AugmentWorkerApi, AugmentWorkerRequest } from './augment-worker-api.ts';
import { installAugmentErrorTransfer } from './augment-errors.ts';
import { runInWorker, wrapWorker, type WorkerHandle } from './worker-handle.ts';

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

export interface PauseControls {
  pause(): void;
  resume(): void;
}

type InWorkerOptions = LongWorkOptions & {
  onStart?: (controls: PauseControls) => void;
  /** Starts the worker (default: the package's own; createRecommender's `workers.augment`). */
  createWorker?: () => Worker;
};
type Remote = Comlink.Remote<AugmentWorkerApi>;

function inWorker<T>(options: InWorkerOptions, run: (api: Remote, onProgress: ((p: Progress) => void) | undefined) => Promise<T>): Promise<T> {
  return runInWorker(createAugmentWorker(options.createWorker), options.signal, (api) => {
    // A worker that already failed rejects these too; the job's own call reports that failure.
    const ignore = () => undefined;
    options.onStart?.({ pause: () => void api.pause().catch(ignore), resume: () => void api.resume().catch(ignore) });
    const onProgress = options.onProgress;
    return run(api, onProgress && Comlink.proxy((p: Progress) => onProgress(p)));
  });
}

export function augmentInWorker(request: AugmentWorkerRequest, options: InWorkerOptions = {}): Promise<AugmentReport> {
  return inWorker(options, (api, onProgress) => api.augment(request, onProgress));
}

export function augmentAttributesInWorker(request: AttributeAugmentWorkerRequest, options: InWorkerOptions = {}): Promise<AttributeAugmentReport> {
  return inWorker(options, (api, onProgress) => api.augmentAttributes(request, onProgress));
}
