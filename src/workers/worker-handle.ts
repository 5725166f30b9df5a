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
