/** A Comlink proxy on a worker, and a way to stop the worker at once. */
import * as Comlink from 'comlink';

export interface WorkerHandle<Api> {
  api: Comlink.Remote<Api>;
  /** Stops the worker at once (what a reload does), whatever it is running. */
  terminate(): void;
}

/**
 * Wraps a worker the caller created (`new Worker(new URL('./x-worker.ts', import.meta.url), …)`
 * stays at the call site: that literal form is what lets Vite find and bundle the worker).
 */
export function wrapWorker<Api>(worker: Worker): WorkerHandle<Api> {
  const api = Comlink.wrap<Api>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/**
 * Runs one job in a worker the caller just started, and ends the worker afterwards: an abort of
 * `signal` asks the job to cancel (the job rejects with AbortedError; what it committed stays).
 */
export async function runInWorker<Api extends { cancel(): unknown }, T>(
  handle: WorkerHandle<Api>,
  signal: AbortSignal | undefined,
  run: (api: Comlink.Remote<Api>) => Promise<T>,
): Promise<T> {
  const cancel = () => void handle.api.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await run(handle.api);
  } finally {
    signal?.removeEventListener('abort', cancel);
    handle.terminate();
  }
}
