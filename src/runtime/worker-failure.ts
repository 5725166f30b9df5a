/**
 * The typed error of a worker that could not start or died: its script was not found (a bundler
 * that left `new URL('./train-worker.js', import.meta.url)` pointing nowhere), failed to evaluate
 * (a dependency the bundler did not handle), or threw outside any call. The message says what to do.
 */
import { RecError } from '../errors.ts';

export type WorkerRole = 'train' | 'augment';

const ROLE_NAMES: Record<WorkerRole, string> = { train: 'training', augment: 'augmentation' };

/** What the browser told about the failure: an ErrorEvent's message, or nothing for a script that did not load. */
function detail(event: Event): string {
  const message = (event as ErrorEvent).message;
  if (typeof message === 'string' && message !== '') {
    const where = (event as ErrorEvent).filename ? ` (${(event as ErrorEvent).filename}:${(event as ErrorEvent).lineno})` : '';
    return `it threw "${message}"${where}`;
  }
  if (event.type === 'messageerror') return 'a message from it could not be read';
  return 'its script could not be loaded (not found, or not a JavaScript module)';
}

export function workerFailedError(role: WorkerRole, event: Event): RecError {
  return new RecError(
    'WORKER_FAILED',
    `The ${ROLE_NAMES[role]} worker failed: ${detail(event)}. ` +
      `If your bundler does not bundle workers written as new Worker(new URL(…, import.meta.url)) (esbuild does not), ` +
      `create the worker yourself from a file of your own that imports 'llama4rec-web/${role}-worker', and pass ` +
      `workers: { ${role}: () => new Worker(…, { type: 'module' }) } to createRecommender. The browser console has the worker's own error.`,
  );
}
