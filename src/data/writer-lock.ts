/**
 * One writer per origin: the Web Locks an import, a clear and every job that writes derived data
 * (training, augmentation, tuning) take, so two tabs never write into one store at once.
 *
 * Two locks per database:
 *   `…/dataset`  an import or a clear holds it exclusively; a job holds it shared while it runs;
 *   `…/job`      a job holds it exclusively: one job at a time in the whole origin.
 * A job takes `job`, then `dataset`. Web Locks grant requests in order, so a job that arrives
 * after an import has asked for `dataset` waits until the import is written, then works on the
 * new data. An import does not wait for the running job to finish: it asks it to stop (a
 * `stop-jobs` message, store-channel.ts, repeated until the lock is granted so a job that started
 * meanwhile hears it too), and the job's `stopped` signal fires with DATASET_CHANGED.
 *
 * The lock is a courtesy between well-behaved writers; what keeps a store consistent even when a
 * write slips past it is the fingerprint check inside every write's transaction (bound-store.ts).
 *
 * Where the Web Locks API is missing (Node and the `l4r` command line, which run one process
 * with no other tab; a browser without it), work runs at once, unlocked, and
 * `writerLockSupport()` says so; jobs still hear `stop-jobs` where BroadcastChannel exists.
 */
import { AbortedError, RecError } from '../errors.ts';
import { hasBroadcastChannel, listenToStore, postStoreMessage } from './store-channel.ts';

/** How often an import that waits repeats its request that jobs stop. */
const ASK_EVERY_MS = 250;

export interface LockOptions {
  signal?: AbortSignal;
  /** Called once when the work has to wait for another writer (before it is granted). */
  onWaiting?: () => void;
}

export interface WriterLocks {
  /**
   * Runs an import's or a clear's write alone: jobs of every tab are asked to stop and are
   * waited for; a cancel while waiting rejects with AbortedError and writes nothing.
   */
  replaceDataset<T>(by: 'import' | 'clear', work: () => Promise<T>, options?: LockOptions): Promise<T>;
  /**
   * Runs a job that writes data derived from the current dataset: one job at a time per
   * origin, never during an import or a clear. `stopped` aborts, with a DATASET_CHANGED reason,
   * when an import or a clear asks to write: the job must stop and write nothing more.
   */
  job<T>(what: string, work: (stopped: AbortSignal) => Promise<T>, options?: LockOptions): Promise<T>;
}

export interface WriterLockSupport {
  locks: boolean;
  broadcast: boolean;
  /** Why writes are not coordinated across tabs here; absent when they are. */
  note?: string;
}

/** Whether this environment can keep two tabs from writing at once, and what is missing if not. */
export function writerLockSupport(): WriterLockSupport {
  const locks = globalThis.navigator?.locks !== undefined;
  const broadcast = hasBroadcastChannel();
  if (locks && broadcast) return { locks, broadcast };
  const missing = [locks ? '' : 'the Web Locks API', broadcast ? '' : 'BroadcastChannel'].filter(Boolean).join(' and ');
  return {
    locks,
    broadcast,
    note:
      `${missing} ${locks || broadcast ? 'is' : 'are'} missing here, so writes are not coordinated across tabs. ` +
      'That is fine for a single process (Node, the l4r command line); in a browser, use one tab at a time ' +
      '(every write still refuses data made for another dataset).',
  };
}

const lockName = (dbName: string, lock: 'dataset' | 'job') => `llama4rec-web:${dbName}:${lock}`;

const isAbortError = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * Runs `work` holding the lock `name`: granted at once when it is free (no `onWaiting`), else
 * queued. A cancel before the grant rejects with AbortedError.
 */
async function holding<T>(locks: LockManager, name: string, mode: LockMode, what: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  let granted = false;
  const run = () => {
    granted = true;
    return work();
  };
  const now = await locks.request(name, { mode, ifAvailable: true }, (lock) => (lock ? run() : undefined));
  if (granted) return now as T;
  options.onWaiting?.();
  try {
    return await locks.request(name, { mode, ...(options.signal ? { signal: options.signal } : {}) }, run);
  } catch (error) {
    if (!granted && (options.signal?.aborted || isAbortError(error))) throw new AbortedError(what, { cause: error });
    throw error;
  }
}

function once(callback: (() => void) | undefined): (() => void) | undefined {
  let called = false;
  return callback && (() => {
    if (!called) callback();
    called = true;
  });
}

/** `locks`: the Web Locks API to use (default: this page's or worker's; null: none, as in Node). */
export function writerLocks(dbName: string, locks: LockManager | null = globalThis.navigator?.locks ?? null): WriterLocks {
  const stopReason = (by: 'import' | 'clear') =>
    new RecError(
      'DATASET_CHANGED',
      by === 'import'
        ? 'Stopped: a dataset is being imported into this browser’s store (perhaps in another tab), so what this job made would belong to data that is being replaced. Nothing more was written; run it again on the new data.'
        : 'Stopped: this browser’s stored data is being deleted (perhaps in another tab). Nothing more was written; import a dataset to start again.',
    );

  /** Runs a job's work with `stopped` wired to the stop-jobs messages of every tab. */
  async function preemptible<T>(work: (stopped: AbortSignal) => Promise<T>): Promise<T> {
    const stop = new AbortController();
    const unlisten = listenToStore(dbName, (message) => {
      if (message.type === 'stop-jobs' && !stop.signal.aborted) stop.abort(stopReason(message.by));
    });
    try {
      return await work(stop.signal);
    } finally {
      unlisten();
    }
  }

  return {
    async replaceDataset(by, work, options = {}) {
      if (!locks) return work();
      const what = by === 'import' ? 'Importing the dataset' : 'Deleting the local data';
      let timer: ReturnType<typeof setInterval> | undefined;
      const ask = () => postStoreMessage(dbName, { type: 'stop-jobs', by });
      const onWaiting = () => {
        options.onWaiting?.();
        ask();
        timer = setInterval(ask, ASK_EVERY_MS);
      };
      try {
        return await holding(locks, lockName(dbName, 'dataset'), 'exclusive', what, { ...options, onWaiting }, () => {
          clearInterval(timer);
          return work();
        });
      } finally {
        clearInterval(timer);
      }
    },

    async job(what, work, options = {}) {
      if (!locks) return preemptible(work);
      const waiting = { ...options, onWaiting: once(options.onWaiting) };
      return holding(locks, lockName(dbName, 'job'), 'exclusive', what, waiting, () =>
        holding(locks, lockName(dbName, 'dataset'), 'shared', what, waiting, () => preemptible(work)),
      );
    },
  };
}
