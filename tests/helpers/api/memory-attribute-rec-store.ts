/**
 * An in-memory FAKE of the part of `RecStore` (src/data/store.ts) that `createRecommender`'s
 * main-thread attribute augmentation touches: what the store holds (`info`), the store bound to
 * that dataset (`boundTo`: this object itself), the dataset, the item attribute methods (the real
 * merge rule, via MemoryAttributeStore) and the LLM answer cache. Node has no IndexedDB; the
 * real store is covered by the browser tests. Anything else on it is missing, so a test that
 * strays beyond attribute augmentation fails loudly instead of passing against a stub.
 */
import { MemoryAttributeStore } from '../augment/memory-attribute-store.ts';
import type { DatasetMeta, LlmCacheRecord } from '../../../src/data/db.ts';
import type { NewLlmCacheRecord } from '../../../src/data/serving-store.ts';
import type { RecStore } from '../../../src/data/store.ts';
import type { Dataset } from '../../../src/data/types.ts';

export class MemoryAttributeRecStore extends MemoryAttributeStore {
  readonly dbName = 'memory-attribute-rec-store';
  readonly datasetFingerprint = 'memory-attribute-fingerprint';
  private readonly answers = new Map<string, LlmCacheRecord>();

  constructor(private readonly dataset: Dataset) {
    super(dataset.items);
  }

  async loadDataset(): Promise<Dataset> {
    return { ...this.dataset, items: structuredClone(this.items) };
  }

  async info(): Promise<Pick<DatasetMeta, 'name' | 'fingerprint'>> {
    return { name: this.dataset.name, fingerprint: this.datasetFingerprint };
  }

  boundTo(fingerprint: string): this {
    if (fingerprint !== this.datasetFingerprint) throw new Error(`the fake holds one dataset (${this.datasetFingerprint}), not ${fingerprint}`);
    return this;
  }

  async getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined> {
    return this.answers.get(key);
  }

  async putCachedAnswer(record: NewLlmCacheRecord): Promise<void> {
    this.answers.set(record.key, { ...structuredClone(record), createdAt: record.createdAt ?? 0, datasetFingerprint: this.datasetFingerprint });
  }

  close(): void {}

  /** Typed as the full store for `createRecommender({ store })`; only the methods above exist. */
  asRecStore(): RecStore {
    return this as unknown as RecStore;
  }
}
