/**
 * Turns what IndexedDB throws into errors a caller can act on. The browser's DOMException is
 * kept as `cause`. A full disk shows up either as a failed request or, more often, as the
 * transaction aborting with `transaction.error` set to a QuotaExceededError: both map here.
 */
import { AbortedError, RecError } from '../errors.ts';

export const QUOTA_MESSAGE =
  'The browser ran out of storage space for this site, so nothing was saved. Free space by ' +
  'clearing cached LLM answers or old checkpoints, deleting downloaded models in the model ' +
  "manager, or removing this site's data in the browser settings (Site settings → Storage); " +
  'then try again.';

function domName(error: unknown): string | undefined {
  // DOMException is not always `instanceof Error` across realms, so look at the name.
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

/**
 * Maps an IndexedDB failure during `what` ("importing ml-latest-small") to a RecError.
 * RecErrors pass through unchanged; an abort caused by `signal` becomes AbortedError.
 */
export function toStoreError(error: unknown, what: string, signal?: AbortSignal): unknown {
  if (error instanceof RecError) return error;
  const name = domName(error);
  if (name === 'QuotaExceededError') return new RecError('QUOTA_EXCEEDED', QUOTA_MESSAGE, { cause: error });
  if (signal?.aborted) return new AbortedError(what, { cause: signal.reason });
  if (name === 'VersionError') {
    return new RecError(
      'STORE_UNAVAILABLE',
      `The saved data is from a newer version of this app than the one running (while ${what}). ` +
        "Reload the page to get the newest version; if that does not help, clear this site's data in the browser settings.",
      { cause: error },
    );
  }
  if (name === 'InvalidStateError' || name === 'UnknownError') {
    return new RecError(
      'STORE_UNAVAILABLE',
      `IndexedDB failed while ${what} (${name}). Close other tabs of this app and reload; ` +
        'in private browsing some browsers disable storage — use a normal window.',
      { cause: error },
    );
  }
  return error;
}
