/**
 * Runs one augmentation job in a fresh augmentation worker and ends the worker afterwards:
 * cancel via the AbortSignal (the worker's job rejects with AbortedError, committed answers
 * stay), pause/resume via the controls handed to `onStart`.
 */
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import type { LongWorkOptions, Progress } from '../progress.ts';
import { createAugmentWorker } from '../workers/augment-client.ts';
import type { AttributeAugmentWorkerRequest, AugmentWorkerApi, AugmentWorkerRequest } from '../workers/augment-worker-api.ts';
import * as Comlink from 'comlink';

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

async function inWorker<T>(options: InWorkerOptions, run: (api: Remote, onProgress: ((p: Progress) => void) | undefined) => Promise<T>): Promise<T> {
  const worker = createAugmentWorker(options.createWorker);
  // A worker that already failed rejects these too; the job's own call reports that failure.
  const ignore = () => undefined;
  const cancel = () => void worker.api.cancel().catch(ignore);
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    options.onStart?.({ pause: () => void worker.api.pause().catch(ignore), resume: () => void worker.api.resume().catch(ignore) });
    const onProgress = options.onProgress;
    return await run(worker.api, onProgress && Comlink.proxy((p: Progress) => onProgress(p)));
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    worker.terminate();
  }
}

export function augmentInWorker(request: AugmentWorkerRequest, options: InWorkerOptions = {}): Promise<AugmentReport> {
  return inWorker(options, (api, onProgress) => api.augment(request, onProgress));
}

export function augmentAttributesInWorker(request: AttributeAugmentWorkerRequest, options: InWorkerOptions = {}): Promise<AttributeAugmentReport> {
  return inWorker(options, (api, onProgress) => api.augmentAttributes(request, onProgress));
}
