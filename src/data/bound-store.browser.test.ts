// A store bound to one dataset (bound-store.ts, idb-bound-store.ts) against real IndexedDB: once
// another dataset is imported (or the data cleared), every write made for the old one is refused
// with DATASET_MISMATCH and leaves the store exactly as it was; records of another dataset are
// never read or served; and a write racing an import lands either before it (and is cleared with
// the old data) or after it (and is refused), never in the new data.
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetBoundStore } from './bound-store.ts';
import type { CheckpointRecord } from './db.ts';
import { deleteRecStore, openRecStore, type RecStore } from './store.ts';
import { gridDataset, tinyDataset } from '../../tests/helpers/data/test-dataset.ts';

const opened: RecStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) {
    store.close();
    await deleteRecStore(store.dbName);
  }
});

async function freshStore(): Promise<RecStore> {
  const store = await openRecStore(`l4r-test-bound-${crypto.randomUUID()}`);
  opened.push(store);
  return store;
}

const checkpoint = (name: string, epoch: number) => ({ name, model: { epoch }, fit: { bestEpoch: epoch, bestValidation: 0.1, sinceBest: 0 }, trainRows: 5, finished: false, augmentedTriples: 0 });
const pair = { user: 0, pos: 1, neg: 2, kind: 'pair' as const, modelId: 'test-double/prefers-first', promptVersion: 'v', createdAt: 1, confidence: 1 };
const tuned = { task: 'ranking' as const, alpha1: 0.5, alpha2: 0.1, objective: { name: 'NDCG@5', value: 0.1 }, llmModelId: 'm', validationUsers: 2, grid: [0.1], tunedAt: 1 };

/** Every kind of write a job makes, each for the dataset `bound` belongs to. */
function everyWrite(bound: DatasetBoundStore): [string, () => Promise<unknown>][] {
  return [
    ['putCheckpoint', () => bound.putCheckpoint(checkpoint('mf-bpr', 4))],
    ['putCheckpoint (staging)', () => bound.putCheckpoint(checkpoint('mf-bpr', 4), 'staging')],
    ['promoteStaged', () => bound.promoteStaged('mf-bpr')],
    ['putActiveModel', () => bound.putActiveModel({ task: 'ranking', checkpoint: 'mf-bpr', augmentedPairs: 0 })],
    ['putTunedAlpha', () => bound.putTunedAlpha(tuned)],
    ['addAugmentedPairs', () => bound.addAugmentedPairs([pair])],
    ['putCachedAnswer', () => bound.putCachedAnswer({ key: 'k', model: 'm', prompt: 'p', answer: { text: 'A', finishReason: 'stop' } })],
    ['putItemAttributes', () => bound.putItemAttributes([{ index: 0, attributes: { director: { value: 'X', source: 'llm' } } }])],
    ['deleteCheckpoint', () => bound.deleteCheckpoint('mf-bpr')],
  ];
}

/** Everything the store holds besides the dataset, as plain data. */
async function derived(store: RecStore) {
  return {
    meta: await store.info(),
    items: (await store.loadDataset())?.items,
    checkpoint: await store.getCheckpoint('mf-bpr'),
    staged: await store.getCheckpoint('mf-bpr', 'staging'),
    active: await store.getActiveModel('ranking'),
    tuned: await store.getTunedAlpha('ranking'),
    pairs: await store.listAugmentedPairs(),
    answer: await store.getCachedAnswer('k'),
  };
}

describe('a store bound to a dataset the store no longer holds', () => {
  it('refuses every write with DATASET_MISMATCH and writes nothing, after an import', async () => {
    const store = await freshStore();
    const old = store.boundTo((await store.writeDataset(gridDataset(40, 30, 5))).fingerprint);
    await old.putCheckpoint(checkpoint('mf-bpr', 2));
    const next = await store.writeDataset(tinyDataset());
    // What the new dataset has of its own: a model, staged run, pairs, α, an answer.
    const mine = store.boundTo(next.fingerprint);
    await mine.putCheckpoint(checkpoint('mf-bpr', 1));
    await mine.putCheckpoint(checkpoint('mf-bpr', 1), 'staging');
    await mine.putActiveModel({ task: 'ranking', checkpoint: 'mf-bpr', augmentedPairs: 0 });
    await mine.putTunedAlpha(tuned);
    await mine.addAugmentedPairs([pair]);
    await mine.putCachedAnswer({ key: 'k', model: 'm', prompt: 'p', answer: { text: 'B', finishReason: 'stop' } });
    const before = await derived(store);

    for (const [what, write] of everyWrite(old)) {
      const error = await write().then(() => null, (e: unknown) => e);
      expect(error, what).toMatchObject({ code: 'DATASET_MISMATCH' });
      expect((error as Error).message, what).toMatch(/^Not saved: .+ was made from dataset [0-9a-f]{8}, but the store now holds "tiny" \([0-9a-f]{8}\)/);
    }
    expect(await derived(store)).toEqual(before);
    await expect(old.loadDataset()).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
  });

  it('refuses every write after a clear', async () => {
    const store = await freshStore();
    const old = store.boundTo((await store.writeDataset(tinyDataset())).fingerprint);
    await store.clearAll();
    for (const [what, write] of everyWrite(old)) await expect(write(), what).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
    expect(await store.info()).toBeNull();
    expect(await store.getCheckpoint('mf-bpr')).toBeUndefined();
    expect(await store.countAugmentedPairs()).toBe(0);
  });

  it('refuses to read what serves once the store holds another dataset', async () => {
    const store = await freshStore();
    const old = store.boundTo((await store.writeDataset(gridDataset(40, 30, 5))).fingerprint);
    const mine = store.boundTo((await store.writeDataset(tinyDataset())).fingerprint);
    await mine.putCheckpoint(checkpoint('mf-bpr', 1));
    await mine.putActiveModel({ task: 'ranking', checkpoint: 'mf-bpr', augmentedPairs: 0 });
    const reads: [string, () => Promise<unknown>][] = [
      ['getActiveModel', () => old.getActiveModel('ranking')],
      ['getCheckpoint', () => old.getCheckpoint('mf-bpr')],
      ['getTunedAlpha', () => old.getTunedAlpha('ranking')],
      ['listAugmentedPairs', () => old.listAugmentedPairs()],
      ['countAugmentedPairs', () => old.countAugmentedPairs()],
      ['getCachedAnswer', () => old.getCachedAnswer('k')],
      ['item', () => old.item(0)],
    ];
    for (const [what, read] of reads) {
      const error = await read().then(() => null, (e: unknown) => e);
      expect(error, what).toMatchObject({ code: 'DATASET_MISMATCH' });
      expect((error as Error).message, what).toMatch(/^Not used: .+ was asked for dataset [0-9a-f]{8}, but the store now holds "tiny" .+ Ask again: a recommender works on the data the store holds from its next call\.$/);
    }
    expect(await mine.getActiveModel('ranking')).toMatchObject({ checkpoint: 'mf-bpr' });
  });
});

describe('records of another dataset in the store (written before records were bound)', () => {
  /** Puts a record straight into an object store, as an older build could have left it. */
  async function rawPut(store: RecStore, storeName: string, record: unknown): Promise<void> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(store.dbName);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).put(record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
    db.close();
  }

  it('are never served, never overwritten by name, never deleted, and no active model may name them', async () => {
    const store = await freshStore();
    const bound = store.boundTo((await store.writeDataset(tinyDataset())).fingerprint);
    const foreign: CheckpointRecord = { ...checkpoint('mf-bpr', 9), savedAt: 1, datasetFingerprint: 'ffffffffffffffff' };
    await rawPut(store, 'checkpoints', foreign);
    await rawPut(store, 'staging', foreign);
    await rawPut(store, 'activeModels', { task: 'rating', checkpoint: 'mf-rating', augmentedPairs: 0, datasetFingerprint: 'ffffffffffffffff' });

    await expect(bound.getCheckpoint('mf-bpr')).rejects.toMatchObject({ code: 'DATASET_MISMATCH', message: expect.stringMatching(/^Not used: the checkpoint "mf-bpr" was made from dataset ffffffff, not from the dataset the store holds .+ Train \(or augment\) again/) });
    await expect(bound.getActiveModel('rating')).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
    await expect(bound.putActiveModel({ task: 'ranking', checkpoint: 'mf-bpr', augmentedPairs: 0 })).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
    await expect(bound.promoteStaged('mf-bpr')).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
    await expect(bound.deleteCheckpoint('mf-bpr')).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
    expect(await store.getCheckpoint('mf-bpr')).toEqual(foreign);
    expect(await store.getActiveModel('ranking')).toBeUndefined();
  });
});

describe('a write racing an import', () => {
  it('never lands in the new data: each checkpoint write is ordered before the import (and cleared) or after it (and refused)', async () => {
    const store = await freshStore();
    const old = store.boundTo((await store.writeDataset(gridDataset(40, 30, 5))).fingerprint);
    await old.putCheckpoint(checkpoint('mf-bpr', 0));
    // Writes issued before, during and after the import's transaction, as a training worker would.
    const import_ = store.writeDataset(gridDataset(60, 50, 8));
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        new Promise((resolve) => setTimeout(resolve, k * 3)).then(() => old.putCheckpoint(checkpoint('mf-bpr', k)).then(() => 'written', (e: { code?: string }) => e.code)),
      ),
    );
    const meta = await import_;
    for (const outcome of outcomes) expect(['written', 'DATASET_MISMATCH']).toContain(outcome);
    // Whatever was written went in before the import cleared it.
    expect(await store.getCheckpoint('mf-bpr')).toBeUndefined();
    expect((await store.info())?.fingerprint).toBe(meta.fingerprint);
    // And a write made afterwards is refused for certain.
    await expect(old.putCheckpoint(checkpoint('mf-bpr', 99))).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
  });
});
