/**
 * Many puts into one IndexedDB transaction without freezing the page or losing pipelining.
 *
 * Issuing 100K puts in one synchronous loop blocks the main thread for seconds (measured 3–5 s
 * for ml-latest-small in headless Chromium on a loaded 2-core machine); awaiting every put
 * leaves the database idle between requests. So puts go out in chunks, with the previous chunk
 * still in flight while the next one is issued. Between chunks the thread is free. The
 * transaction survives the wait because requests are pending, and it is active again inside
 * the success callback of the awaited request, where the caller's `await` resumes (microtasks
 * run before IndexedDB deactivates the transaction — the same rule idb relies on).
 */
export class ChunkedPuts {
  /** Weight of the puts issued so far (rows they stand for; 1 per put unless told otherwise). */
  issued = 0;
  private inFlight: { request: IDBRequest; upTo: number } | undefined;

  constructor(
    /** Weight per chunk: a chunk ends at the put that reaches the next multiple of it. */
    private readonly chunkSize: number,
    /** Called with the weight the database has completed, once per chunk. */
    private readonly onConfirmed: (done: number) => void,
  ) {}

  /**
   * Issues one put standing for `weight` rows (a user's block of 300 ratings weighs 300, so
   * chunks, and progress, stay proportional to work whatever the records hold). At a chunk
   * boundary it returns a promise that settles when the previous chunk is written; the caller
   * must await it before issuing more. Otherwise it returns undefined.
   */
  put(store: IDBObjectStore, value: unknown, weight = 1): Promise<void> | undefined {
    const request = store.put(value);
    const before = this.issued;
    this.issued += weight;
    if (Math.floor(this.issued / this.chunkSize) === Math.floor(before / this.chunkSize)) return undefined;
    const previous = this.inFlight;
    this.inFlight = { request, upTo: this.issued };
    if (!previous) return undefined;
    if (previous.request.readyState === 'done') {
      // Already written (no event will come): report it and keep going in this same task.
      this.onConfirmed(previous.upTo);
      return undefined;
    }
    return settled(previous.request).then(() => this.onConfirmed(previous.upTo));
  }
}

function settled(request: IDBRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    request.addEventListener('success', () => resolve(), { once: true });
    request.addEventListener('error', () => reject(request.error ?? new DOMException('Request failed', 'UnknownError')), {
      once: true,
    });
  });
}
