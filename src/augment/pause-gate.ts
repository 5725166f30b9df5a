/**
 * Pausing long work between units (one LLM call each). `pause()` lets the call in flight
 * finish and holds the next one until `resume()`; an AbortSignal still cancels while paused.
 */
import { AbortedError } from '../errors.ts';

export class PauseGate {
  private waiters: (() => void)[] = [];
  private pausedFlag = false;

  get paused(): boolean {
    return this.pausedFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at once when not paused, else on `resume()`; rejects with `AbortedError` if `signal` fires first. */
  wait(signal: AbortSignal | undefined, what: string): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError(what, { cause: signal.reason }));
    if (!this.pausedFlag) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(new AbortedError(what, { cause: signal?.reason }));
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
