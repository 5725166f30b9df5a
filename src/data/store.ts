/**
 * The recommender's IndexedDB store: the imported dataset plus what is derived from it
 * (augmented pairs, model checkpoints, cached LLM answers).
 *
 * Import is all-or-nothing: the dataset is parsed completely first (a parse error never opens
 * a transaction), then written in ONE readwrite transaction that clears and refills every
 * dataset store. An error inside it aborts it, so IndexedDB keeps the previous dataset as it was.
 *
 * One writer per origin: an import or a clear writes holding the origin-wide dataset lock
 * (writer-lock.ts), which first stops the jobs of every tab, and then tells every tab what the
 * store holds (store-channel.ts). Derived data is written only through a store bound to the
 * dataset it was made from (`boundTo`, bound-store.ts), which refuses to write into, or read
 * from, a store that holds another.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { unwrap, type IDBPDatabase } from 'idb';
import { RecError, throwIfAborted } from '../errors.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { DatasetBoundStore } from './bound-store.ts';
import { checkDataset } from './check-dataset.ts';
import { ChunkedPuts } from './chunked-puts.ts';
import {
  ALL_STORES,
  matchesPairFilter,
  openRecDb,
  type ActiveModelRecord,
  type AugmentedPairFilter,
  type AugmentedPairRecord,
  type CheckpointRecord,
  type CheckpointShelf,
  type DatasetMeta,
  type LlmCacheRecord,
  type RecDB,
  type TunedAlphaRecord,
} from './db.ts';
import { fingerprintDataset } from './fingerprint.ts';
import { IdbBoundStore } from './idb-bound-store.ts';
import { parseDataset } from './import/parse.ts';
import type { DeclaredRatingScale } from './import/rating-scale.ts';
import type { DatasetSource } from './import/source.ts';
import { readDataset } from './read-dataset.ts';
import { postStoreMessage } from './store-channel.ts';
import { toStoreError } from './store-error.ts';
import type { Dataset, DatasetFormat, InteractionRecord, ItemRecord, RecTask, UserRecord } from './types.ts';
import { historyFromBlock, userBlocks } from './user-blocks.ts';
import { writerLocks, type WriterLocks } from './writer-lock.ts';

export const DEFAULT_DB_NAME: string = DEFAULT_CONFIG.storage.dbName;

/** Rows (users, items, interactions) per chunk of puts; progress is reported once per chunk written (and at the end). */
const PUT_CHUNK = DEFAULT_CONFIG.storage.putChunk;

export interface ImportOptions extends LongWorkOptions {
  /** Skip format detection. */
  format?: DatasetFormat;
  /** Dataset name to store (default: the source's name). */
  name?: string;
  /** The rating scale to check ratings against (see ParseOptions.ratingScale). */
  ratingScale?: DeclaredRatingScale;
  /**
   * Called once the source has parsed without error, before anything is written: the moment to
   * stop work that writes into the store (training, augmentation). A bad file never calls it.
   */
  beforeWrite?: () => Promise<void>;
}

export interface RecStore {
  /** The IndexedDB database name. */
  readonly dbName: string;
  /** Parses `source` completely, then writes it with `writeDataset`. */
  importDataset(source: DatasetSource, options?: ImportOptions): Promise<DatasetMeta>;
  /**
   * Replaces the stored dataset with `dataset` in one transaction, clearing the derived stores
   * (augmented pairs, checkpoints, LLM cache) with it. When the stored dataset has the same
   * content (fingerprint), nothing is rewritten and derived data is kept; only meta (name,
   * format, importedAt) is updated. Holds the origin-wide dataset lock: running jobs of every
   * tab are stopped first (DATASET_CHANGED), and every tab hears of the change afterwards.
   */
  writeDataset(dataset: Dataset, options?: LongWorkOptions): Promise<DatasetMeta>;
  /** What the store holds, or null before the first import. */
  info(): Promise<DatasetMeta | null>;
  /** The whole dataset; interactions in (user, item) order. Null before the first import. */
  loadDataset(): Promise<Dataset | null>;
  /**
   * The store as seen by work on the dataset with this fingerprint: every write is stamped with
   * it and refused (DATASET_MISMATCH) once the store holds another dataset; every read refuses
   * records of another. The only way to write derived data (models, pairs, answers, α).
   */
  boundTo(datasetFingerprint: string): DatasetBoundStore;
  /** A user's interactions, oldest first (ties by item index). */
  userHistory(userIndex: number): Promise<InteractionRecord[]>;
  /** The users (indices, ascending) who interacted with an item: the `by-item` index. */
  usersOfItem(itemIndex: number): Promise<number[]>;
  item(index: number): Promise<ItemRecord | undefined>;
  findUser(id: string): Promise<UserRecord | undefined>;
  findItem(id: string): Promise<ItemRecord | undefined>;
  /** All pairs, or one user's, in id (insertion) order, whatever dataset they name (inspection). */
  listAugmentedPairs(filter?: AugmentedPairFilter): Promise<AugmentedPairRecord[]>;
  countAugmentedPairs(kind?: AugmentedPairRecord['kind']): Promise<number>;
  clearAugmentedPairs(): Promise<void>;
  /** The stored serving records as they are (inspection; serving reads go through `boundTo`). */
  getCheckpoint(name: string, shelf?: CheckpointShelf): Promise<CheckpointRecord | undefined>;
  getActiveModel(task: RecTask): Promise<ActiveModelRecord | undefined>;
  getTunedAlpha(task: RecTask): Promise<TunedAlphaRecord | undefined>;
  getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined>;
  /** Empties every store (the database itself stays), under the dataset lock like an import. */
  clearAll(options?: Pick<LongWorkOptions, 'signal'>): Promise<void>;
  close(): void;
}

/** Opens (creating or upgrading) the store. Throws STORE_UNAVAILABLE where IndexedDB is missing. */
export async function openRecStore(dbName: string = DEFAULT_DB_NAME): Promise<RecStore> {
  if (typeof indexedDB === 'undefined') {
    throw new RecError(
      'STORE_UNAVAILABLE',
      'IndexedDB is not available here. Use a current browser in a normal (not private) window; ' +
        'in Node, use the `l4r` command line, which works on files directly.',
    );
  }
  let db: IDBPDatabase<RecDB>;
  try {
    db = await openRecDb(dbName, {
      // Another tab is upgrading the schema: step aside so it can, rather than block it forever.
      blocking: () => db.close(),
    });
  } catch (error) {
    throw toStoreError(error, `opening the database "${dbName}"`);
  }
  return new IdbRecStore(dbName, db);
}

class IdbRecStore implements RecStore {
  private readonly locks: WriterLocks;

  constructor(
    readonly dbName: string,
    private readonly db: IDBPDatabase<RecDB>,
  ) {
    this.locks = writerLocks(dbName);
  }

  async importDataset(source: DatasetSource, options: ImportOptions = {}): Promise<DatasetMeta> {
    // Parse errors surface here, before any transaction exists: the store stays untouched.
    const dataset = await parseDataset(source, options);
    await options.beforeWrite?.();
    return this.writeDataset(dataset, options);
  }

  async writeDataset(dataset: Dataset, options: LongWorkOptions = {}): Promise<DatasetMeta> {
    const { signal, onProgress } = options;
    const what = `saving the dataset "${dataset.name}"`;
    throwIfAborted(signal, what);
    const order = checkDataset(dataset);
    const fingerprint = fingerprintDataset(dataset, order);
    const t = dataset.interactions;
    const meta: Omit<DatasetMeta, 'importedAt'> = {
      key: 'dataset',
      name: dataset.name,
      format: dataset.format,
      users: dataset.users.length,
      items: dataset.items.length,
      ratedItems: new Set(t.item.subarray(0, t.length)).size,
      interactions: t.length,
      fingerprint,
    };
    const phase = `saving ${dataset.name}`;
    const onWaiting = () => onProgress?.({ phase: 'waiting for training or augmentation (in this or another tab) to stop', done: 0 });
    const written = await this.locks.replaceDataset('import', () => this.writeLocked(dataset, order, { ...meta, importedAt: Date.now() }, phase, options), {
      ...(signal ? { signal } : {}),
      onWaiting,
    });
    postStoreMessage(this.dbName, { type: 'dataset-changed', change: { kind: 'imported', fingerprint, name: dataset.name } });
    return written;
  }

  /** The write itself, in one transaction; the caller holds the dataset lock. */
  private async writeLocked(dataset: Dataset, order: Int32Array, meta: DatasetMeta, phase: string, options: LongWorkOptions): Promise<DatasetMeta> {
    const { signal, onProgress } = options;
    const what = `saving the dataset "${dataset.name}"`;
    const total = meta.users + meta.items + meta.interactions;
    const t = dataset.interactions;
    const tx = this.db.transaction(ALL_STORES, 'readwrite');
    const abortTx = () => {
      try {
        tx.abort();
      } catch {
        // Already committed or aborted: nothing left to undo.
      }
    };
    signal?.addEventListener('abort', abortTx, { once: true });
    try {
      const previous = await tx.objectStore('meta').get('dataset');
      if (previous?.fingerprint === meta.fingerprint) {
        // Same content already stored (meta and data are only ever written together, in one
        // transaction): rewriting 100K records would change nothing, so only meta is updated.
        unwrap(tx.objectStore('meta')).put(meta);
        await tx.done;
        onProgress?.({ phase, done: total, total });
        return meta;
      }
      for (const name of ALL_STORES) unwrap(tx.objectStore(name)).clear();

      // Raw requests, pipelined in chunks (see chunked-puts.ts); any failed request aborts the
      // whole transaction, which the awaited chunk or `tx.done` then reports.
      const puts = new ChunkedPuts(PUT_CHUNK, (done) => {
        onProgress?.({ phase, done, total });
        throwIfAborted(signal, what);
      });
      const users = unwrap(tx.objectStore('users'));
      for (const user of dataset.users) {
        const chunkDone = puts.put(users, user);
        if (chunkDone) await chunkDone;
      }
      const items = unwrap(tx.objectStore('items'));
      for (const item of dataset.items) {
        const chunkDone = puts.put(items, item);
        if (chunkDone) await chunkDone;
      }
      // One record per user (see UserInteractionsRecord in db.ts), weighted by its rows.
      const interactions = unwrap(tx.objectStore('interactions'));
      for (const block of userBlocks(t, order)) {
        const chunkDone = puts.put(interactions, block, block.items.length);
        if (chunkDone) await chunkDone;
      }
      unwrap(tx.objectStore('meta')).put(meta);
      await tx.done;
    } catch (error) {
      abortTx();
      await tx.done.catch(() => undefined);
      // When a request fails, the transaction aborts with the real reason (QuotaExceededError,
      // ConstraintError…) in tx.error, while the request we were waiting on only says AbortError.
      throw toStoreError(unwrap(tx).error ?? error, what, signal);
    } finally {
      signal?.removeEventListener('abort', abortTx);
    }
    onProgress?.({ phase, done: total, total });
    return meta;
  }

  async info(): Promise<DatasetMeta | null> {
    return (await this.db.get('meta', 'dataset')) ?? null;
  }

  async loadDataset(): Promise<Dataset | null> {
    return (await readDataset(this.db))?.dataset ?? null;
  }

  boundTo(datasetFingerprint: string): DatasetBoundStore {
    return new IdbBoundStore(this.db, datasetFingerprint);
  }

  async userHistory(userIndex: number): Promise<InteractionRecord[]> {
    const block = await this.db.get('interactions', userIndex);
    return block ? historyFromBlock(block) : [];
  }

  usersOfItem(itemIndex: number): Promise<number[]> {
    return this.db.getAllKeysFromIndex('interactions', 'by-item', itemIndex);
  }

  item(index: number): Promise<ItemRecord | undefined> {
    return this.db.get('items', index);
  }

  findUser(id: string): Promise<UserRecord | undefined> {
    return this.db.getFromIndex('users', 'by-id', id);
  }

  findItem(id: string): Promise<ItemRecord | undefined> {
    return this.db.getFromIndex('items', 'by-id', id);
  }

  async listAugmentedPairs(filter: AugmentedPairFilter = {}): Promise<AugmentedPairRecord[]> {
    const records = filter.user === undefined ? await this.db.getAll('augmentedPairs') : await this.db.getAllFromIndex('augmentedPairs', 'by-user', filter.user);
    return records.filter((r) => matchesPairFilter(r, filter));
  }

  async countAugmentedPairs(kind?: AugmentedPairRecord['kind']): Promise<number> {
    return kind === undefined ? this.db.count('augmentedPairs') : (await this.listAugmentedPairs({ kind })).length;
  }

  clearAugmentedPairs(): Promise<void> {
    return this.db.clear('augmentedPairs');
  }

  getCheckpoint(name: string, shelf: CheckpointShelf = 'checkpoints'): Promise<CheckpointRecord | undefined> {
    return this.db.get(shelf, name);
  }

  getActiveModel(task: RecTask): Promise<ActiveModelRecord | undefined> {
    return this.db.get('activeModels', task);
  }

  getTunedAlpha(task: RecTask): Promise<TunedAlphaRecord | undefined> {
    return this.db.get('tunedAlpha', task);
  }

  getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined> {
    return this.db.get('llmCache', key);
  }

  async clearAll(options: Pick<LongWorkOptions, 'signal'> = {}): Promise<void> {
    await this.locks.replaceDataset('clear', async () => {
      const tx = this.db.transaction(ALL_STORES, 'readwrite');
      await Promise.all([...ALL_STORES.map((name) => tx.objectStore(name).clear()), tx.done]);
    }, options);
    postStoreMessage(this.dbName, { type: 'dataset-changed', change: { kind: 'cleared', fingerprint: null } });
  }

  close(): void {
    this.db.close();
  }
}

/** Deletes the whole database (e.g. a test's own, or "forget everything" in settings). */
export { deleteDB as deleteRecStore } from 'idb';
