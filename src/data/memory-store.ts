/**
 * The store of one run, in memory: a dataset, what augmentation adds to it (pairs, LLM-filled
 * item attributes) and the serving state (checkpoints, staging, active models, tuned α) as the
 * same typed records, under the same rules, as IndexedDB's store (store.ts). Runs that keep
 * nothing (the ablation rows of `runLoop`, in Node or a page) go through the same loop as the
 * public API on it; what a browser keeps lives in IndexedDB.
 *
 * Records are copied in and out (structuredClone), as IndexedDB does, so a caller changing what
 * it wrote or read never changes what is stored. The interaction table is shared, not copied:
 * nothing writes into a loaded dataset's typed arrays.
 *
 * It is bound to its one dataset by construction (bound-store.ts): every record it writes is
 * stamped with that dataset's fingerprint, and its dataset never changes under it.
 */
import { RecError } from '../errors.ts';
import type { DatasetBoundStore } from './bound-store.ts';
import { matchesPairFilter, type ActiveModelRecord, type AugmentedPairFilter, type AugmentedPairRecord, type CheckpointRecord, type CheckpointShelf, type LlmCacheRecord, type TunedAlphaRecord } from './db.ts';
import { fingerprintDataset } from './fingerprint.ts';
import { mergeItemAttributes, type ItemAttributeUpdate } from './item-attributes.ts';
import type { NewActiveModel, NewAugmentedPair, NewCheckpoint, NewLlmCacheRecord, NewTunedAlpha } from './serving-store.ts';
import type { Dataset, ItemRecord, RecTask } from './types.ts';

export class MemoryStore implements DatasetBoundStore {
  /** The dataset's fingerprint, as `meta.fingerprint` would hold it. */
  readonly datasetFingerprint: string;
  private readonly items: ItemRecord[];
  private readonly pairs: AugmentedPairRecord[] = [];
  private nextPairId = 1;
  private readonly shelves: Record<CheckpointShelf, Map<string, CheckpointRecord>> = { checkpoints: new Map(), staging: new Map() };
  private readonly active = new Map<RecTask, ActiveModelRecord>();
  private readonly tuned = new Map<RecTask, TunedAlphaRecord>();
  private readonly answers = new Map<string, LlmCacheRecord>();

  constructor(private readonly dataset: Dataset) {
    this.items = structuredClone(dataset.items);
    this.datasetFingerprint = fingerprintDataset(dataset);
  }

  async loadDataset(): Promise<Dataset> {
    return { ...this.dataset, items: structuredClone(this.items) };
  }

  async item(index: number): Promise<ItemRecord | undefined> {
    const item = this.items[index];
    return item === undefined ? undefined : structuredClone(item);
  }

  /** IndexedDB's rule (mergeItemAttributes), all or nothing: an unknown index writes nothing. */
  async putItemAttributes(updates: readonly ItemAttributeUpdate[]): Promise<number> {
    const missing = updates.find((u) => this.items[u.index] === undefined);
    if (missing) throw new RecError('UNKNOWN_ITEM', `No item with index ${missing.index} in this run's dataset.`);
    let written = 0;
    for (const update of updates) {
      const merged = mergeItemAttributes(this.items[update.index]!, update.attributes);
      this.items[update.index] = merged.item;
      written += merged.written;
    }
    return written;
  }

  async addAugmentedPairs(pairs: readonly NewAugmentedPair[]): Promise<number[]> {
    return pairs.map(({ id: _ignored, ...pair }) => {
      const id = this.nextPairId++;
      this.pairs.push({ ...structuredClone(pair), id, datasetFingerprint: this.datasetFingerprint });
      return id;
    });
  }

  async listAugmentedPairs(filter: AugmentedPairFilter = {}): Promise<AugmentedPairRecord[]> {
    return structuredClone(this.pairs.filter((r) => matchesPairFilter(r, filter)));
  }

  async countAugmentedPairs(kind?: AugmentedPairRecord['kind']): Promise<number> {
    return kind === undefined ? this.pairs.length : this.pairs.filter((r) => r.kind === kind).length;
  }

  async getCheckpoint(name: string, shelf: CheckpointShelf = 'checkpoints'): Promise<CheckpointRecord | undefined> {
    return structuredClone(this.shelves[shelf].get(name));
  }

  async putCheckpoint(checkpoint: NewCheckpoint, shelf: CheckpointShelf = 'checkpoints'): Promise<CheckpointRecord> {
    const record: CheckpointRecord = { ...structuredClone(checkpoint), savedAt: Date.now(), datasetFingerprint: this.datasetFingerprint };
    this.shelves[shelf].set(record.name, record);
    return structuredClone(record);
  }

  async deleteCheckpoint(name: string, shelf: CheckpointShelf = 'checkpoints'): Promise<void> {
    this.shelves[shelf].delete(name);
  }

  async promoteStaged(name: string): Promise<boolean> {
    const staged = this.shelves.staging.get(name);
    if (!staged) return false;
    this.shelves.checkpoints.set(name, staged);
    this.shelves.staging.delete(name);
    return true;
  }

  async getActiveModel(task: RecTask): Promise<ActiveModelRecord | undefined> {
    return structuredClone(this.active.get(task));
  }

  async putActiveModel(record: NewActiveModel): Promise<ActiveModelRecord> {
    const stored = { ...record, datasetFingerprint: this.datasetFingerprint };
    this.active.set(record.task, stored);
    return structuredClone(stored);
  }

  async getTunedAlpha(task: RecTask): Promise<TunedAlphaRecord | undefined> {
    return structuredClone(this.tuned.get(task));
  }

  async putTunedAlpha(record: NewTunedAlpha): Promise<TunedAlphaRecord> {
    const stored = { ...structuredClone(record), datasetFingerprint: this.datasetFingerprint };
    this.tuned.set(record.task, stored);
    return structuredClone(stored);
  }

  async getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined> {
    return structuredClone(this.answers.get(key));
  }

  async putCachedAnswer(record: NewLlmCacheRecord): Promise<void> {
    this.answers.set(record.key, { ...structuredClone(record), createdAt: record.createdAt ?? Date.now(), datasetFingerprint: this.datasetFingerprint });
  }
}
