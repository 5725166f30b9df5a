/**
 * The recommender's IndexedDB store: the imported dataset plus what is derived from it
 * (augmented pairs, model checkpoints, cached LLM answers).
 *
 * Import is all-or-nothing: the dataset is parsed completely first (a parse error never opens
 * a transaction), then written in ONE readwrite transaction that clears and refills every
 * dataset store. An error inside it aborts it, so IndexedDB keeps the previous dataset as it was.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { unwrap, type IDBPDatabase } from 'idb';
import { RecError, throwIfAborted } from '../errors.ts';
import type { LongWorkOptions } from '../progress.ts';
import { checkDataset } from './check-dataset.ts';
import { ChunkedPuts } from './chunked-puts.ts';
import {
  ALL_STORES,
  DATASET_STORES,
  openRecDb,
  type ActiveModelRecord,
  type AugmentedPairRecord,
  type CheckpointRecord,
  type CheckpointShelf,
  type DatasetMeta,
  type LlmCacheRecord,
  type RecDB,
  type RecStoreName,
  type TunedAlphaRecord,
} from './db.ts';
import { fingerprintDataset } from './fingerprint.ts';
import { mergeItemAttributes, type ItemAttributeUpdate } from './item-attributes.ts';
import { parseDataset } from './import/parse.ts';
import type { DeclaredRatingScale } from './import/rating-scale.ts';
import type { DatasetSource } from './import/source.ts';
import { toStoreError } from './store-error.ts';
import { NO_DATASET_TO_SERVE, type NewActiveModel, type NewCheckpoint, type NewTunedAlpha, type ServingStore } from './serving-store.ts';
import type { Dataset, DatasetFormat, InteractionRecord, ItemRecord, RecTask, UserRecord } from './types.ts';
import { historyFromBlock, TableBuilder, userBlocks } from './user-blocks.ts';

export const DEFAULT_DB_NAME: string = DEFAULT_CONFIG.storage.dbName;

/** Rows (users, items, interactions) per chunk of puts; progress is reported once per chunk written (and at the end). */
const PUT_CHUNK = DEFAULT_CONFIG.storage.putChunk;
/** Users' interaction blocks read per request by loadDataset (ml-latest-small: one request). */
const LOAD_BATCH_USERS = DEFAULT_CONFIG.storage.loadBatchUsers;

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

export interface RecStore extends ServingStore {
  /** The IndexedDB database name. */
  readonly dbName: string;
  /** Parses `source` completely, then writes it with `writeDataset`. */
  importDataset(source: DatasetSource, options?: ImportOptions): Promise<DatasetMeta>;
  /**
   * Replaces the stored dataset with `dataset` in one transaction, clearing the derived stores
   * (augmented pairs, checkpoints, LLM cache) with it. When the stored dataset has the same
   * content (fingerprint), nothing is rewritten and derived data is kept; only meta (name,
   * format, importedAt) is updated.
   */
  writeDataset(dataset: Dataset, options?: LongWorkOptions): Promise<DatasetMeta>;
  /** What the store holds, or null before the first import. */
  info(): Promise<DatasetMeta | null>;
  /** The whole dataset; interactions in (user, item) order. Null before the first import. */
  loadDataset(): Promise<Dataset | null>;
  /** A user's interactions, oldest first (ties by item index). */
  userHistory(userIndex: number): Promise<InteractionRecord[]>;
  /** The users (indices, ascending) who interacted with an item: the `by-item` index. */
  usersOfItem(itemIndex: number): Promise<number[]>;
  item(index: number): Promise<ItemRecord | undefined>;
  findUser(id: string): Promise<UserRecord | undefined>;
  findItem(id: string): Promise<ItemRecord | undefined>;
  /**
   * Merges LLM-provided attributes into the stored items in one transaction and returns how
   * many attributes were written. A 'dataset'-sourced attribute is never overwritten; an
   * unknown item index writes nothing at all (UNKNOWN_ITEM).
   */
  putItemAttributes(updates: readonly ItemAttributeUpdate[]): Promise<number>;
  /** Adds pairs in one transaction; returns their new ids. */
  addAugmentedPairs(pairs: readonly AugmentedPairRecord[]): Promise<number[]>;
  /** All pairs, or one user's, in id (insertion) order. */
  listAugmentedPairs(filter?: { user?: number }): Promise<AugmentedPairRecord[]>;
  countAugmentedPairs(): Promise<number>;
  clearAugmentedPairs(): Promise<void>;
  getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined>;
  putCachedAnswer(record: Omit<LlmCacheRecord, 'createdAt'> & { createdAt?: number }): Promise<void>;
  /** Empties every store (the database itself stays). */
  clearAll(): Promise<void>;
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
  constructor(
    readonly dbName: string,
    private readonly db: IDBPDatabase<RecDB>,
  ) {}

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
    const meta: DatasetMeta = {
      key: 'dataset',
      name: dataset.name,
      format: dataset.format,
      users: dataset.users.length,
      items: dataset.items.length,
      ratedItems: new Set(t.item.subarray(0, t.length)).size,
      interactions: t.length,
      fingerprint,
      importedAt: Date.now(),
    };
    const total = meta.users + meta.items + meta.interactions;
    const phase = `saving ${dataset.name}`;

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
      if (previous?.fingerprint === fingerprint) {
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
    const tx = this.db.transaction(DATASET_STORES, 'readonly');
    const [meta, users, items] = await Promise.all([
      tx.objectStore('meta').get('dataset'),
      tx.objectStore('users').getAll(),
      tx.objectStore('items').getAll(),
    ]);
    if (!meta) return null;
    // Users and items come back in key (index) order; interaction blocks in user order with
    // items ascending, so the table is in (user, item) order. Blocks are read a batch of users
    // at a time straight into typed arrays, so only one batch of objects exists at a time.
    const builder = new TableBuilder(meta.interactions);
    const interactions = tx.objectStore('interactions');
    let after: IDBKeyRange | undefined;
    for (;;) {
      const batch = await interactions.getAll(after, LOAD_BATCH_USERS);
      for (const block of batch) builder.add(block);
      if (batch.length < LOAD_BATCH_USERS) break;
      after = IDBKeyRange.lowerBound(batch[batch.length - 1]!.user, true);
    }
    await tx.done;
    return { name: meta.name, format: meta.format, users, items, interactions: builder.finish() };
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

  async putItemAttributes(updates: readonly ItemAttributeUpdate[]): Promise<number> {
    const tx = this.db.transaction('items', 'readwrite');
    // Read everything first: a missing item aborts before any put, so the call is all or nothing.
    const current = await Promise.all(updates.map((u) => tx.store.get(u.index)));
    const missing = updates.findIndex((_, k) => current[k] === undefined);
    if (missing >= 0) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new RecError('UNKNOWN_ITEM', `No item with index ${updates[missing]!.index} in the store; import the dataset the attributes belong to first.`);
    }
    let written = 0;
    try {
      const puts = updates.map((update, k) => {
        const merged = mergeItemAttributes(current[k]!, update.attributes);
        written += merged.written;
        return tx.store.put(merged.item);
      });
      await Promise.all([...puts, tx.done]);
    } catch (error) {
      throw toStoreError(error, 'saving item attributes');
    }
    return written;
  }

  async addAugmentedPairs(pairs: readonly AugmentedPairRecord[]): Promise<number[]> {
    const tx = this.db.transaction('augmentedPairs', 'readwrite');
    try {
      // Without `id` so IndexedDB assigns one even if the caller passed a record read back earlier.
      const ids = Promise.all(pairs.map(({ id: _ignored, ...pair }) => tx.store.add(pair)));
      const [result] = await Promise.all([ids, tx.done]);
      return result;
    } catch (error) {
      throw toStoreError(error, 'saving augmented pairs');
    }
  }

  listAugmentedPairs(filter: { user?: number } = {}): Promise<AugmentedPairRecord[]> {
    return filter.user === undefined
      ? this.db.getAll('augmentedPairs')
      : this.db.getAllFromIndex('augmentedPairs', 'by-user', filter.user);
  }

  countAugmentedPairs(): Promise<number> {
    return this.db.count('augmentedPairs');
  }

  clearAugmentedPairs(): Promise<void> {
    return this.db.clear('augmentedPairs');
  }

  getCheckpoint(name: string, shelf: CheckpointShelf = 'checkpoints'): Promise<CheckpointRecord | undefined> {
    return this.db.get(shelf, name);
  }

  putCheckpoint(checkpoint: NewCheckpoint, shelf: CheckpointShelf = 'checkpoints'): Promise<CheckpointRecord> {
    return this.stamped(shelf, `saving the checkpoint "${checkpoint.name}"`, (datasetFingerprint) => ({ ...checkpoint, savedAt: Date.now(), datasetFingerprint }));
  }

  deleteCheckpoint(name: string, shelf: CheckpointShelf = 'checkpoints'): Promise<void> {
    return this.db.delete(shelf, name);
  }

  async promoteStaged(name: string): Promise<boolean> {
    try {
      const tx = this.db.transaction(['staging', 'checkpoints'], 'readwrite');
      const record = await tx.objectStore('staging').get(name);
      if (record) {
        await tx.objectStore('checkpoints').put(record);
        await tx.objectStore('staging').delete(name);
      }
      await tx.done;
      return record !== undefined;
    } catch (error) {
      throw toStoreError(error, `serving the newly trained checkpoint "${name}"`);
    }
  }

  getActiveModel(task: RecTask): Promise<ActiveModelRecord | undefined> {
    return this.db.get('activeModels', task);
  }

  putActiveModel(record: NewActiveModel): Promise<ActiveModelRecord> {
    return this.stamped('activeModels', `saving which model serves ${record.task}`, (datasetFingerprint) => ({ ...record, datasetFingerprint }));
  }

  getTunedAlpha(task: RecTask): Promise<TunedAlphaRecord | undefined> {
    return this.db.get('tunedAlpha', task);
  }

  putTunedAlpha(record: NewTunedAlpha): Promise<TunedAlphaRecord> {
    return this.stamped('tunedAlpha', `saving the tuned α of ${record.task}`, (datasetFingerprint) => ({ ...record, datasetFingerprint }));
  }

  /** Puts `make(fingerprint)` into `name`, in one transaction with the read of the dataset it belongs to. */
  private async stamped<N extends 'checkpoints' | 'staging' | 'activeModels' | 'tunedAlpha'>(
    name: N,
    what: string,
    make: (datasetFingerprint: string) => RecDB[N]['value'],
  ): Promise<RecDB[N]['value']> {
    const tx = this.db.transaction(['meta', name] as RecStoreName[], 'readwrite');
    const meta = await tx.objectStore('meta').get('dataset');
    if (!meta) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new RecError('NO_DATASET', NO_DATASET_TO_SERVE);
    }
    const record = make(meta.fingerprint);
    try {
      await Promise.all([tx.objectStore(name).put(record as never), tx.done]);
    } catch (error) {
      throw toStoreError(unwrap(tx).error ?? error, what);
    }
    return record;
  }

  getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined> {
    return this.db.get('llmCache', key);
  }

  async putCachedAnswer(record: Omit<LlmCacheRecord, 'createdAt'> & { createdAt?: number }): Promise<void> {
    try {
      await this.db.put('llmCache', { ...record, createdAt: record.createdAt ?? Date.now() });
    } catch (error) {
      throw toStoreError(error, 'caching an LLM answer');
    }
  }

  async clearAll(): Promise<void> {
    const tx = this.db.transaction(ALL_STORES, 'readwrite');
    await Promise.all([...ALL_STORES.map((name) => tx.objectStore(name).clear()), tx.done]);
  }

  close(): void {
    this.db.close();
  }
}

/** Deletes the whole database (e.g. a test's own, or "forget everything" in settings). */
export { deleteDB as deleteRecStore } from 'idb';
