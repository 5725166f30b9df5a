/** A Comlink proxy on a worker, a way to stop the worker at once, and no hang when the worker dies. */
import * as Comlink from 'comlink';
import { workerFailedError, type WorkerRole } from '../runtime/worker-failure.ts';
import type { RecError } from '../errors.ts';

export interface WorkerHandle<Api> {
  api: Comlink.Remote<Api>;
  /** Stops the worker at once (what a reload does), whatever it is running. */
  terminate(): void;
}

/**
 * Wraps a worker the caller created (`new Worker(new URL('./x-worker.js', import.meta.url), …)`
 * stays at the call site: that literal form is what lets Vite and webpack find and bundle the
 * worker). A worker whose script cannot load, or that throws while it starts (or later, outside a
 * call), fires `error` on the Worker object and answers no message ever again: every call pending
 * then, and every later one, rejects with WORKER_FAILED (worker-failure.ts) instead of hanging.
 */
export function wrapWorker<Api>(worker: Worker, role: WorkerRole): WorkerHandle<Api> {
  const remote = Comlink.wrap<Api>(worker);
  let failure: RecError | null = null;
  const rejectors = new Set<(error: RecError) => void>();
  const fail = (event: Event) => {
    if (failure) return;
    failure = workerFailedError(role, event);
    for (const reject of rejectors) reject(failure);
    rejectors.clear();
    worker.terminate();
  };
  worker.addEventListener('error', fail);
  worker.addEventListener('messageerror', fail);

  /** The call's answer, unless the worker fails first. */
  const guarded = (call: () => Promise<unknown>): Promise<unknown> => {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      rejectors.add(reject);
      call()
        .then(resolve, reject)
        .finally(() => rejectors.delete(reject));
    });
  };
  // Calls go through the Comlink proxy; only the promise each call returns is guarded.
  const api = new Proxy(remote as object, {
    get(target, property) {
      const member = Reflect.get(target, property) as unknown;
      if (typeof property === 'symbol' || typeof member !== 'function') return member;
      return (...args: unknown[]) => guarded(() => (member as (...a: unknown[]) => Promise<unknown>)(...args));
    },
  }) as Comlink.Remote<Api>;
  return {
    api,
    terminate: () => {
      remote[Comlink.releaseProxy]();
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
  // A worker that already failed rejects this too; the job's own call reports that failure.
  const cancel = () => void handle.api.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await run(handle.api);
  } finally {
    signal?.removeEventListener('abort', cancel);
    handle.terminate();
  }
}
