/**
 * Runs one augmentation job in a fresh augmentation worker and ends the worker afterwards:
 * cancel via the AbortSignal (the worker's job rejects with AbortedError, committed pairs stay),
 * pause/resume via the controls handed to `onStart`.
 */
import type { AugmentReport } from '../augment/augment-job.ts';
import type { LongWorkOptions, Progress } from '../progress.ts';
import { createAugmentWorker } from '../workers/augment-client.ts';
import type { AugmentWorkerRequest } from '../workers/augment-worker-api.ts';
import * as Comlink from 'comlink';

export interface PauseControls {
  pause(): void;
  resume(): void;
}

export async function augmentInWorker(
  request: AugmentWorkerRequest,
  options: LongWorkOptions & { onStart?: (controls: PauseControls) => void } = {},
): Promise<AugmentReport> {
  const worker = createAugmentWorker();
  const cancel = () => void worker.api.cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    options.onStart?.({ pause: () => void worker.api.pause(), resume: () => void worker.api.resume() });
    const onProgress = options.onProgress;
    return await worker.api.augment(request, onProgress && Comlink.proxy((p: Progress) => onProgress(p)));
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    worker.terminate();
  }
}
