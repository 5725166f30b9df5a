/**
 * When to retry an HTTP call to an LLM server and how long to wait first. Only failures that a
 * later attempt can fix are retried: 429 (rate limit), 5xx (overloaded or restarting server) and
 * network errors. Other 4xx mean the request itself is wrong; repeating it would not help.
 */
import { AbortedError } from '../../errors.ts';

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Delay before retry number `attempt` (0-based): base·2^attempt, capped at `maxMs`. A server's
 * `Retry-After` (seconds) wins when present, still capped, so a bad header cannot stall us.
 */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, retryAfter?: string | null): number {
  if (retryAfter !== undefined && retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxMs);
  }
  return Math.min(baseMs * 2 ** attempt, maxMs);
}

/** Waits `ms`, rejecting with AbortedError as soon as `signal` fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError(what, { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError(what, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
