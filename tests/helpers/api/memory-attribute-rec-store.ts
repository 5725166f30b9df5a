/**
 * An in-memory FAKE of the part of `RecStore` (src/data/store.ts) that `createRecommender`'s
 * main-thread attribute augmentation touches: the dataset, the item attribute methods (the real
 * merge rule, via MemoryAttributeStore) and the LLM answer cache. Node has no IndexedDB; the
 * real store is covered by the browser tests. Anything else on it is missing, so a test that
 * strays beyond attribute augmentation fails loudly instead of passing against a stub.
 */
import { MemoryAttributeStore } from '../augment/memory-attribute-store.ts';
import type { LlmCacheRecord } from '../../../src/data/db.ts';
import type { RecStore } from '../../../src/data/store.ts';
import type { Dataset } from '../../../src/data/types.ts';

export class MemoryAttributeRecStore extends MemoryAttributeStore {
  readonly dbName = 'memory-attribute-rec-store';
  private readonly answers = new Map<string, LlmCacheRecord>();

  constructor(private readonly dataset: Dataset) {
    super(dataset.items);
  }

  async loadDataset(): Promise<Dataset> {
    return { ...this.dataset, items: structuredClone(this.items) };
  }

  async getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined> {
    return this.answers.get(key);
  }

  async putCachedAnswer(record: LlmCacheRecord): Promise<void> {
    this.answers.set(record.key, structuredClone(record));
  }

  close(): void {}

  /** Typed as the full store for `createRecommender({ store })`; only the methods above exist. */
  asRecStore(): RecStore {
    return this as unknown as RecStore;
  }
}
