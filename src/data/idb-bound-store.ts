/**
 * The IndexedDB store bound to one dataset (bound-store.ts explains the rule): every call is ONE
 * transaction that also reads `meta`, so "the store still holds this dataset" and the read or the
 * write happen together. An import that commits in between is ordered entirely before (then the
 * check fails) or entirely after (then it clears what was written with the old data): a record of
 * one dataset can never be written into, or read out of, a store that holds another.
 */
import { unwrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { RecError } from '../errors.ts';
import { readMismatch, writeMismatch, type DatasetBoundStore } from './bound-store.ts';
import { matchesPairFilter, type ActiveModelRecord, type AugmentedPairFilter, type AugmentedPairRecord, type CheckpointRecord, type CheckpointShelf, type LlmCacheRecord, type RecDB, type RecStoreName, type TunedAlphaRecord } from './db.ts';
import { mergeItemAttributes, type ItemAttributeUpdate } from './item-attributes.ts';
import { readDataset } from './read-dataset.ts';
import type { NewActiveModel, NewAugmentedPair, NewCheckpoint, NewLlmCacheRecord, NewTunedAlpha } from './serving-store.ts';
import { toStoreError } from './store-error.ts';
import type { Dataset, ItemRecord, RecTask } from './types.ts';

/** Typed as readwrite so `put` type-checks; a read's body only reads. */
type Tx = IDBPTransaction<RecDB, RecStoreName[], 'readwrite'>;

export class IdbBoundStore implements DatasetBoundStore {
  constructor(
    private readonly db: IDBPDatabase<RecDB>,
    readonly datasetFingerprint: string,
  ) {}

  async loadDataset(): Promise<Dataset> {
    const read = await readDataset(this.db);
    if (read?.meta.fingerprint !== this.datasetFingerprint) throw readMismatch('the dataset', this.datasetFingerprint, { held: read?.meta ?? null });
    return read.dataset;
  }

  getCheckpoint(name: string, shelf: CheckpointShelf = 'checkpoints'): Promise<CheckpointRecord | undefined> {
    return this.read([shelf], `the checkpoint "${name}"`, async (tx) => this.mine(await tx.objectStore(shelf).get(name), `the checkpoint "${name}"`));
  }

  putCheckpoint(checkpoint: NewCheckpoint, shelf: CheckpointShelf = 'checkpoints'): Promise<CheckpointRecord> {
    const record: CheckpointRecord = { ...checkpoint, savedAt: Date.now(), datasetFingerprint: this.datasetFingerprint };
    return this.write([shelf], `the checkpoint "${checkpoint.name}"`, async (tx) => {
      await tx.objectStore(shelf).put(record);
      return record;
    });
  }

  deleteCheckpoint(name: string, shelf: CheckpointShelf = 'checkpoints'): Promise<void> {
    return this.write([shelf], `deleting the checkpoint "${name}"`, async (tx) => {
      const store = tx.objectStore(shelf);
      // Another dataset's checkpoint under the same name is not this job's to delete.
      if (this.mine(await store.get(name), `the checkpoint "${name}"`)) await store.delete(name);
    });
  }

  promoteStaged(name: string): Promise<boolean> {
    return this.write(['staging', 'checkpoints'], `the newly trained checkpoint "${name}"`, async (tx) => {
      const record = this.mine(await tx.objectStore('staging').get(name), `the staged checkpoint "${name}"`);
      if (!record) return false;
      await tx.objectStore('checkpoints').put(record);
      await tx.objectStore('staging').delete(name);
      return true;
    });
  }

  getActiveModel(task: RecTask): Promise<ActiveModelRecord | undefined> {
    return this.read(['activeModels'], `the ${task} model`, async (tx) => this.mine(await tx.objectStore('activeModels').get(task), `the ${task} model`));
  }

  putActiveModel(record: NewActiveModel): Promise<ActiveModelRecord> {
    const stored: ActiveModelRecord = { ...record, datasetFingerprint: this.datasetFingerprint };
    return this.write(['checkpoints', 'activeModels'], `which model serves ${record.task}`, async (tx) => {
      // The checkpoint it names must be of this dataset too (absent: the serving side says "not trained").
      this.mine(await tx.objectStore('checkpoints').get(record.checkpoint), `the checkpoint "${record.checkpoint}"`);
      await tx.objectStore('activeModels').put(stored);
      return stored;
    });
  }

  getTunedAlpha(task: RecTask): Promise<TunedAlphaRecord | undefined> {
    return this.read(['tunedAlpha'], `the tuned α of ${task}`, async (tx) => this.mine(await tx.objectStore('tunedAlpha').get(task), `the tuned α of ${task}`));
  }

  putTunedAlpha(record: NewTunedAlpha): Promise<TunedAlphaRecord> {
    const stored: TunedAlphaRecord = { ...record, datasetFingerprint: this.datasetFingerprint };
    return this.write(['tunedAlpha'], `the tuned α of ${record.task}`, async (tx) => {
      await tx.objectStore('tunedAlpha').put(stored);
      return stored;
    });
  }

  item(index: number): Promise<ItemRecord | undefined> {
    return this.read(['items'], `item ${index}`, (tx) => tx.objectStore('items').get(index));
  }

  putItemAttributes(updates: readonly ItemAttributeUpdate[]): Promise<number> {
    return this.write(['items'], 'item attributes', async (tx) => {
      const items = tx.objectStore('items');
      // Read everything first: a missing item aborts before any put, so the call is all or nothing.
      const current = await Promise.all(updates.map((u) => items.get(u.index)));
      const missing = updates.findIndex((_, k) => current[k] === undefined);
      if (missing >= 0) {
        throw new RecError('UNKNOWN_ITEM', `No item with index ${updates[missing]!.index} in the store; import the dataset the attributes belong to first.`);
      }
      let written = 0;
      await Promise.all(
        updates.map((update, k) => {
          const merged = mergeItemAttributes(current[k]!, update.attributes);
          written += merged.written;
          return items.put(merged.item);
        }),
      );
      return written;
    });
  }

  addAugmentedPairs(pairs: readonly NewAugmentedPair[]): Promise<number[]> {
    return this.write(['augmentedPairs'], 'augmented pairs', (tx) => {
      const store = tx.objectStore('augmentedPairs');
      // Without `id` so IndexedDB assigns one even if the caller passed a record read back earlier.
      return Promise.all(pairs.map(({ id: _ignored, ...pair }) => store.add({ ...pair, datasetFingerprint: this.datasetFingerprint } as AugmentedPairRecord)));
    });
  }

  listAugmentedPairs(filter: AugmentedPairFilter = {}): Promise<AugmentedPairRecord[]> {
    return this.read(['augmentedPairs'], 'the augmented pairs', async (tx) => {
      const store = tx.objectStore('augmentedPairs');
      const records = filter.user === undefined ? await store.getAll() : await store.index('by-user').getAll(filter.user);
      for (const record of records) this.mine(record, `augmented pair ${record.id ?? ''}`.trim());
      // No index on kind (no schema step for it): a job stores hundreds to thousands of pairs.
      return filter.kind === undefined ? records : records.filter((r) => matchesPairFilter(r, filter));
    });
  }

  countAugmentedPairs(kind?: AugmentedPairRecord['kind']): Promise<number> {
    if (kind !== undefined) return this.listAugmentedPairs({ kind }).then((records) => records.length);
    return this.read(['augmentedPairs'], 'the augmented pairs', (tx) => tx.objectStore('augmentedPairs').count());
  }

  getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined> {
    return this.read(['llmCache'], 'a cached LLM answer', async (tx) => this.mine(await tx.objectStore('llmCache').get(key), 'a cached LLM answer'));
  }

  putCachedAnswer(record: NewLlmCacheRecord): Promise<void> {
    const stored: LlmCacheRecord = { ...record, createdAt: record.createdAt ?? Date.now(), datasetFingerprint: this.datasetFingerprint };
    return this.write(['llmCache'], 'a cached LLM answer', async (tx) => {
      await tx.objectStore('llmCache').put(stored);
    });
  }

  /** The record when it is this dataset's (or absent); DATASET_MISMATCH when it is another's. */
  private mine<R extends { datasetFingerprint: string }>(record: R | undefined, what: string): R | undefined {
    if (record && record.datasetFingerprint !== this.datasetFingerprint) {
      throw readMismatch(what, this.datasetFingerprint, { record: record.datasetFingerprint });
    }
    return record;
  }

  private read<T>(stores: RecStoreName[], what: string, body: (tx: Tx) => Promise<T>): Promise<T> {
    return this.checked(stores, 'readonly', what, body);
  }

  private write<T>(stores: RecStoreName[], what: string, body: (tx: Tx) => Promise<T>): Promise<T> {
    return this.checked(stores, 'readwrite', what, body);
  }

  /**
   * Runs `body` in one transaction over `meta` and `stores`, once `meta` shows this dataset. Any
   * error aborts the transaction, so a write that fails half-way writes nothing.
   */
  private async checked<T>(stores: RecStoreName[], mode: IDBTransactionMode, what: string, body: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(['meta', ...stores], mode) as unknown as Tx;
    try {
      const meta = await tx.objectStore('meta').get('dataset');
      if (meta?.fingerprint !== this.datasetFingerprint) {
        throw mode === 'readwrite'
          ? writeMismatch(what, this.datasetFingerprint, meta ?? null)
          : readMismatch(what, this.datasetFingerprint, { held: meta ?? null });
      }
      const result = await body(tx);
      await tx.done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already committed or aborted: nothing left to undo.
      }
      await tx.done.catch(() => undefined);
      // A failed request aborts the transaction with the real reason (QuotaExceededError…) in tx.error.
      throw toStoreError(error instanceof RecError ? error : (unwrap(tx).error ?? error), `${mode === 'readwrite' ? 'saving' : 'reading'} ${what}`);
    }
  }
}
