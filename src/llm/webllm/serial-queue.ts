/**
 * Runs tasks one at a time, in arrival order. WebLLM serves one request at a time per model, and
 * a second request sent while one runs fails or interleaves; so every call to the engine goes
 * through this queue. A task whose signal fires while it waits is dropped without running, and
 * its caller is told at once.
 */
import { AbortedError } from '../../errors.ts';

export class SerialQueue {
  /** Settles when the last queued slot is done; never rejects. */
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Tasks queued but not yet started. */
  get pending(): number {
    return this.waiting;
  }

  run<T>(task: () => Promise<T>, signal?: AbortSignal, what = 'The LLM request'): Promise<T> {
    this.waiting += 1;
    let resolveResult!: (value: T) => void;
    let rejectResult!: (reason: unknown) => void;
    const result = new Promise<T>((resolve, reject) => {
      resolveResult = resolve;
      rejectResult = reject;
    });
    const onAbort = (): void => rejectResult(new AbortedError(what, { cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    // The slot, not the caller's promise, holds the queue: an early rejection on abort must not
    // let the next task start while an earlier one is still running.
    this.tail = this.tail.then(async () => {
      this.waiting -= 1;
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return;
      try {
        resolveResult(await task());
      } catch (error) {
        rejectResult(error);
      }
    });
    return result;
  }
}
