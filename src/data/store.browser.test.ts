// The store against real IndexedDB in headless Chromium, with small hand-made datasets.
// (The embedded MovieLens import and broken-file cases are in embedded.browser.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, RecError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import { ALL_STORES, DB_VERSION } from './db.ts';
import { fingerprintDataset } from './fingerprint.ts';
import { deleteRecStore, openRecStore, type RecStore } from './store.ts';
import { sourceFromMemory } from './import/source.ts';
import { gridDataset, tinyDataset } from '../../tests/helpers/data/test-dataset.ts';
import type { Dataset } from './types.ts';
import { boundToStored } from '../../tests/helpers/data/bound-to-stored.ts';

const opened: RecStore[] = [];

async function freshStore(): Promise<RecStore> {
  const store = await openRecStore(`l4r-test-${crypto.randomUUID()}`);
  opened.push(store);
  return store;
}

afterEach(async () => {
  for (const store of opened.splice(0)) {
    store.close();
    await deleteRecStore(store.dbName);
  }
});

async function counts(store: RecStore) {
  const data = await store.loadDataset();
  return {
    users: data?.users.length,
    items: data?.items.length,
    interactions: data?.interactions.length,
    pairs: await store.countAugmentedPairs(),
  };
}

/** The database as the raw IndexedDB API sees it, at whatever version it has. */
function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('schema and upgrade', () => {
  it('builds every store, key path and index when opening an empty database', async () => {
    const store = await freshStore();
    store.close();
    const raw = await openRaw(store.dbName);
    try {
      expect(raw.version).toBe(DB_VERSION);
      expect([...raw.objectStoreNames].sort()).toEqual([...ALL_STORES].sort());
      const tx = raw.transaction([...ALL_STORES], 'readonly');
      const describeStore = (name: string) => {
        const s = tx.objectStore(name);
        const indexes = Object.fromEntries(
          [...s.indexNames].map((i) => [
            i,
            { keyPath: s.index(i).keyPath, unique: s.index(i).unique, multiEntry: s.index(i).multiEntry },
          ]),
        );
        return { keyPath: s.keyPath, autoIncrement: s.autoIncrement, indexes };
      };
      const byKey = (keyPath: string) => ({ keyPath, autoIncrement: false, indexes: {} });
      const index = (keyPath: string, unique: boolean, multiEntry = false) => ({ keyPath, unique, multiEntry });
      const expected: Record<string, ReturnType<typeof describeStore>> = {
        meta: byKey('key'),
        items: { ...byKey('index'), indexes: { 'by-id': index('id', true) } },
        users: { ...byKey('index'), indexes: { 'by-id': index('id', true) } },
        // One record per user: by user is the key; by item is a multiEntry index over its items.
        interactions: { ...byKey('user'), indexes: { 'by-item': index('items', false, true) } },
        augmentedPairs: { keyPath: 'id', autoIncrement: true, indexes: { 'by-user': index('user', false) } },
        // The typed serving state (version 2): checkpoints by name, the rest one record per task.
        checkpoints: byKey('name'),
        staging: byKey('name'),
        activeModels: byKey('task'),
        tunedAlpha: byKey('task'),
        llmCache: byKey('key'),
      };
      expect(Object.fromEntries(ALL_STORES.map((name) => [name, describeStore(name)]))).toEqual(expected);
    } finally {
      raw.close();
    }
  });

  it('a database left by a newer app version is reported as such, not opened', async () => {
    const name = `l4r-test-newer-${crypto.randomUUID()}`;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, DB_VERSION + 1);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    try {
      const error = await openRecStore(name).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RecError);
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('newer version') });
      expect((error as RecError).cause).toMatchObject({ name: 'VersionError' });
    } finally {
      await deleteRecStore(name);
    }
  });

  it('reopening at the same version keeps the data', async () => {
    const first = await freshStore();
    await first.writeDataset(tinyDataset());
    first.close();
    const again = await openRecStore(first.dbName);
    opened.push(again);
    expect(await again.info()).toMatchObject({ name: 'tiny', users: 3, items: 4, interactions: 5 });
  });
});

describe('writeDataset and reading back', () => {
  it('stores a dataset and reads it back in (user, item) order', async () => {
    const store = await freshStore();
    expect(await store.info()).toBeNull();
    expect(await store.loadDataset()).toBeNull();

    const meta = await store.writeDataset(tinyDataset());
    expect(meta).toMatchObject({ name: 'tiny', format: 'generic-csv', users: 3, items: 4, ratedItems: 3, interactions: 5 });
    expect(await store.info()).toEqual(meta);

    const data = await store.loadDataset();
    expect(data).not.toBeNull();
    const t = data!.interactions;
    // Hand-sorted rows of tinyDataset by (user, item).
    expect(Array.from(t.user)).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(t.item)).toEqual([0, 1, 0, 2, 0]);
    expect(Array.from(t.rating)).toEqual([5, 3, 2, 4.5, Number.NaN]);
    expect(Array.from(t.timestamp)).toEqual([100, 200, 400, 300, 50]);
    expect(data!.users).toEqual(tinyDataset().users);
    expect(data!.items).toEqual(tinyDataset().items);
  });

  it('answers history and id lookups', async () => {
    const store = await freshStore();
    await store.writeDataset(tinyDataset());
    expect(await store.userHistory(1)).toEqual([
      { user: 1, item: 2, rating: 4.5, timestamp: 300 },
      { user: 1, item: 0, rating: 2, timestamp: 400 },
    ]);
    expect(await store.userHistory(2)).toEqual([{ user: 2, item: 0, rating: null, timestamp: 50 }]);
    expect(await store.userHistory(7)).toEqual([]);
    // Rows by item: 0 ← users 2, 0, 1; 1 ← user 0; 2 ← user 1; 3 (d) unrated.
    expect(await store.usersOfItem(0)).toEqual([0, 1, 2]);
    expect(await store.usersOfItem(1)).toEqual([0]);
    expect(await store.usersOfItem(2)).toEqual([1]);
    expect(await store.usersOfItem(3)).toEqual([]);
    expect(await store.item(2)).toMatchObject({ id: 'c', title: 'Gamma (Ünïcode)', year: 2004 });
    expect(await store.item(9)).toBeUndefined();
    expect(await store.findUser('u20')).toEqual({ index: 1, id: 'u20' });
    expect(await store.findItem('d')).toMatchObject({ index: 3, title: 'Delta' });
    expect(await store.findItem('zz')).toBeUndefined();
  });

  it('stores one record per user holding its interactions column by column', async () => {
    const store = await freshStore();
    // A fourth user without interactions gets a users record but no interactions record.
    const tiny = tinyDataset();
    await store.writeDataset(tinyDataset({ users: [...tiny.users, { index: 3, id: 'u40' }] }));
    store.close();
    const raw = await openRaw(store.dbName);
    try {
      const records = await new Promise<unknown[]>((resolve, reject) => {
        const request = raw.transaction('interactions').objectStore('interactions').getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error);
      });
      expect(records).toHaveLength(3);
      expect(records[1]).toEqual({
        user: 1,
        items: [0, 2],
        ratings: Float32Array.from([2, 4.5]),
        timestamps: Float64Array.from([400, 300]),
      });
      expect(Array.isArray((records[0] as { items: unknown }).items)).toBe(true);
    } finally {
      raw.close();
    }
    const again = await openRecStore(store.dbName);
    opened.push(again);
    expect(await again.userHistory(3)).toEqual([]);
    expect((await again.loadDataset())?.users).toHaveLength(4);
  });

  it('reads back more users than one loadDataset batch holds, content unchanged', async () => {
    const store = await freshStore();
    const grid = gridDataset(2_500, 30, 2); // blocks are read 1,000 users per request
    const meta = await store.writeDataset(grid);
    const data = await store.loadDataset();
    expect(data!.interactions.length).toBe(5_000);
    expect(Array.from(data!.interactions.user.subarray(1_998, 2_004))).toEqual([999, 999, 1_000, 1_000, 1_001, 1_001]);
    // User 1,001: rows 2,002 and 2,003 of the grid, items (1,001·7 + k) mod 30 = 17, 18.
    expect(Array.from(data!.interactions.item.subarray(2_002, 2_004))).toEqual([17, 18]);
    expect(Array.from(data!.interactions.timestamp.subarray(2_002, 2_004))).toEqual([1_002_002, 1_002_003]);
    expect(fingerprintDataset(data!)).toBe(meta.fingerprint);
  });

  it('reports progress up to the total number of records', async () => {
    const store = await freshStore();
    const events: Progress[] = [];
    const dataset = gridDataset(500, 300, 50); // 500 + 300 + 25,000 records
    await store.writeDataset(dataset, { onProgress: (p) => events.push(p) });
    const done = events.map((e) => e.done);
    // One report per chunk of 5,000 rows once the database has written it, then the end. A
    // user's record of 50 interactions counts 50: 500 users + 300 items + 84 blocks = 5,000.
    expect(done).toEqual([5_000, 10_000, 15_000, 20_000, 25_800]);
    expect(events.every((e) => e.total === 25_800)).toBe(true);
  });

  it('leaves the main thread free between chunks of puts', async () => {
    const store = await freshStore();
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      puts++;
      return realPut.apply(this, args);
    };
    // Other tasks (timers here; input and rendering in the app) must get turns while the puts
    // are still being issued, not only once all 1,300 are queued.
    const seenByTimer: number[] = [];
    let ticking = true;
    const tick = () => {
      seenByTimer.push(puts);
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    try {
      await store.writeDataset(gridDataset(500, 300, 50));
    } finally {
      ticking = false;
      IDBObjectStore.prototype.put = realPut;
    }
    expect(puts).toBe(1_301); // 500 users, 300 items, 500 users' interactions, meta
    expect(seenByTimer.some((n) => n > 0 && n < 1_300)).toBe(true);
  });

  it('re-writing the same dataset replaces it without duplicates and keeps derived data', async () => {
    const store = await freshStore();
    const bound = store.boundTo((await store.writeDataset(tinyDataset())).fingerprint);
    await bound.addAugmentedPairs([pair(0, 1, 3)]);
    await bound.putCheckpoint(checkpoint('mf', 3));
    await bound.putCachedAnswer({ key: 'k1', model: 'm', prompt: 'p', answer: 'yes' });
    const before = await store.info();

    const again = await store.writeDataset(tinyDataset({ name: 'tiny again' }));
    expect(await counts(store)).toEqual({ users: 3, items: 4, interactions: 5, pairs: 1 });
    expect(again.fingerprint).toBe(before?.fingerprint);
    expect(await store.info()).toEqual(again);
    expect(again.name).toBe('tiny again');
    expect(await store.getCheckpoint('mf')).toMatchObject({ model: { epochs: 3 } });
    expect(await store.getCachedAnswer('k1')).toMatchObject({ answer: 'yes' });
  });

  it('a different dataset replaces the old one entirely and clears derived data', async () => {
    const store = await freshStore();
    const bound = store.boundTo((await store.writeDataset(gridDataset(40, 30, 10))).fingerprint);
    await bound.addAugmentedPairs([pair(0, 1, 2), pair(3, 4, 5)]);
    await bound.putCheckpoint(checkpoint('mf', 3));
    await bound.putActiveModel({ task: 'ranking', checkpoint: 'mf', augmentedPairs: 0 });
    await bound.putCachedAnswer({ key: 'k1', model: 'm', prompt: 'p', answer: 1 });

    await store.writeDataset(tinyDataset());
    expect(await counts(store)).toEqual({ users: 3, items: 4, interactions: 5, pairs: 0 });
    expect(await store.getCheckpoint('mf')).toBeUndefined();
    expect(await store.getActiveModel('ranking')).toBeUndefined();
    expect(await store.getCachedAnswer('k1')).toBeUndefined();
    expect(await store.findUser('user-5')).toBeUndefined();

    // And back: nothing of the tiny dataset is left over.
    await store.writeDataset(gridDataset(40, 30, 10));
    expect(await counts(store)).toEqual({ users: 40, items: 30, interactions: 400, pairs: 0 });
    expect(await store.findUser('u10')).toBeUndefined();
    expect(await store.findItem('a')).toBeUndefined();
  });
});

describe('all or nothing', () => {
  it('an error inside the transaction leaves the previous dataset intact', async () => {
    const store = await freshStore();
    await store.writeDataset(tinyDataset());
    await (await boundToStored(store)).addAugmentedPairs([pair(0, 1, 3)]);
    const before = await store.loadDataset();

    // A function cannot be stored: put() throws DataCloneError on the last item, after the
    // stores were cleared and every user written, inside the same transaction.
    const bad = gridDataset(20, 10, 3);
    const lastItem = bad.items[9]!;
    lastItem.attributes = { director: { value: (() => 'x') as unknown as string, source: 'dataset' } };
    await expect(store.writeDataset(bad)).rejects.toMatchObject({ name: 'DataCloneError' });

    expect(await store.loadDataset()).toEqual(before);
    expect(await store.countAugmentedPairs()).toBe(1);
    expect((await store.info())?.name).toBe('tiny');
  });

  it('a quota error inside the transaction becomes QUOTA_EXCEEDED and keeps the previous dataset', async () => {
    const store = await freshStore();
    await store.writeDataset(tinyDataset());
    const before = await store.loadDataset();
    // Chromium's DevTools quota override does not reach Vitest's browser context, so the disk
    // "fills up" at the 200th put of this write (100 users, 50 items, then the 50th user's
    // interactions): put() throws as a full disk makes it do.
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 200) throw quota;
      return realPut.apply(this, args);
    };
    let error: unknown;
    try {
      error = await store.writeDataset(gridDataset(100, 50, 20)).catch((e: unknown) => e);
    } finally {
      IDBObjectStore.prototype.put = realPut;
    }
    expect(error).toBeInstanceOf(RecError);
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', cause: quota });
    expect(calls).toBe(200);
    expect(await store.loadDataset()).toEqual(before);
  });

  it('an inconsistent dataset is rejected before anything is written', async () => {
    const store = await freshStore();
    await store.writeDataset(tinyDataset());
    const t = tinyDataset().interactions;
    const dup = tinyDataset({ interactions: { ...t, item: Int32Array.from([2, 1, 0, 0, 2]) } }); // (1,2) twice
    await expect(store.writeDataset(dup)).rejects.toMatchObject({ code: 'IMPORT_DUPLICATE_RATING' });
    expect((await counts(store)).interactions).toBe(5);
  });

  it('cancelling mid-write aborts the transaction and keeps the previous dataset', async () => {
    const store = await freshStore();
    await store.writeDataset(tinyDataset());
    const before = await store.loadDataset();
    const controller = new AbortController();
    const write = store.writeDataset(gridDataset(500, 300, 50), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 10_000) controller.abort(new Error('user pressed cancel'));
      },
    });
    const error = await write.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toBeInstanceOf(RecError);
    expect(await store.loadDataset()).toEqual(before);
  });

  it('an already-aborted signal writes nothing', async () => {
    const store = await freshStore();
    const controller = new AbortController();
    controller.abort();
    await expect(store.writeDataset(tinyDataset(), { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(await store.info()).toBeNull();
  });
});

describe('derived stores', () => {
  it('adds, lists by user, counts and clears augmented pairs', async () => {
    const store = await freshStore();
    await store.writeDataset(gridDataset(4, 4, 1));
    const bound = await boundToStored(store);
    const ids = await bound.addAugmentedPairs([pair(0, 1, 2), pair(1, 2, 0), pair(0, 3, 1, 'sequential')]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(await store.countAugmentedPairs()).toBe(3);
    const forUser0 = await store.listAugmentedPairs({ user: 0 });
    expect(forUser0.map((p) => [p.pos, p.neg, p.kind])).toEqual([
      [1, 2, 'pair'],
      [3, 1, 'sequential'],
    ]);
    expect(forUser0.map((p) => p.id)).toEqual([ids[0], ids[2]]);
    expect(forUser0.every((p) => p.datasetFingerprint === bound.datasetFingerprint)).toBe(true);
    // A record read back (with its id) is added as a new pair, not written over the old one.
    await bound.addAugmentedPairs([forUser0[0]!]);
    expect(await store.countAugmentedPairs()).toBe(4);
    await store.clearAugmentedPairs();
    expect(await store.listAugmentedPairs()).toEqual([]);
  });

  it('puts, gets and deletes checkpoints, stamped with the dataset they belong to', async () => {
    const store = await freshStore();
    // Without a dataset there is nothing a checkpoint could belong to.
    await expect(store.boundTo('0123456789abcdef').putCheckpoint(checkpoint('mf-latest', 1))).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
    const meta = await store.writeDataset(tinyDataset());
    const bound = store.boundTo(meta.fingerprint);
    const weights = new Float32Array([0.5, -1.25]);
    const saved = await bound.putCheckpoint({ ...checkpoint('mf-latest', 2), model: { weights, dim: 2 } });
    expect(saved.datasetFingerprint).toBe(meta.fingerprint);
    const read = await bound.getCheckpoint('mf-latest');
    expect(read).toEqual(saved);
    expect(await store.getCheckpoint('mf-latest')).toEqual(saved);
    expect(read?.model).toEqual({ weights, dim: 2 });
    await bound.deleteCheckpoint('mf-latest');
    expect(await bound.getCheckpoint('mf-latest')).toBeUndefined();

    // A staged run replaces the served checkpoint in one transaction and keeps the record's time.
    await bound.putCheckpoint(checkpoint('served', 1));
    const staged = await bound.putCheckpoint(checkpoint('served', 7), 'staging');
    expect(await bound.getCheckpoint('served')).toMatchObject({ model: { epochs: 1 } });
    expect(await bound.promoteStaged('served')).toBe(true);
    expect(await bound.getCheckpoint('served')).toEqual(staged);
    expect(await bound.getCheckpoint('served', 'staging')).toBeUndefined();
    expect(await bound.promoteStaged('served')).toBe(false);
  });

  it('keeps the active model and the tuned α of each task as typed records', async () => {
    const store = await freshStore();
    await expect(store.boundTo('0123456789abcdef').putActiveModel({ task: 'ranking', checkpoint: 'mf-bpr', augmentedPairs: 0 })).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
    const { fingerprint } = await store.writeDataset(tinyDataset());
    const bound = store.boundTo(fingerprint);
    await bound.putActiveModel({ task: 'ranking', checkpoint: 'mf-bpr+aug-12', augmentedPairs: 12 });
    expect(await bound.getActiveModel('ranking')).toEqual({ task: 'ranking', checkpoint: 'mf-bpr+aug-12', augmentedPairs: 12, datasetFingerprint: fingerprint });
    expect(await bound.getActiveModel('rating')).toBeUndefined();
    const tuned = { task: 'ranking' as const, alpha1: 0.7, alpha2: 0.3, objective: { name: 'NDCG@5', value: 0.2 }, llmModelId: 'm', validationUsers: 3, grid: [0.1], tunedAt: 5 };
    await bound.putTunedAlpha(tuned);
    expect(await bound.getTunedAlpha('ranking')).toEqual({ ...tuned, datasetFingerprint: fingerprint });
    expect(await store.getTunedAlpha('ranking')).toEqual({ ...tuned, datasetFingerprint: fingerprint });
    expect(await bound.getTunedAlpha('rating')).toBeUndefined();
  });

  it('caches LLM answers with the dataset their prompt was built from', async () => {
    const store = await freshStore();
    const { fingerprint } = await store.writeDataset(tinyDataset());
    await store.boundTo(fingerprint).putCachedAnswer({ key: 'h1', model: 'Llama-2', prompt: 'Which?', answer: { choice: 'A' }, createdAt: 42 });
    expect(await store.boundTo(fingerprint).getCachedAnswer('h1')).toEqual({
      key: 'h1',
      model: 'Llama-2',
      prompt: 'Which?',
      answer: { choice: 'A' },
      createdAt: 42,
      datasetFingerprint: fingerprint,
    });
  });

  it('clearAll empties every store', async () => {
    const store = await freshStore();
    const bound = store.boundTo((await store.writeDataset(tinyDataset())).fingerprint);
    await bound.addAugmentedPairs([pair(0, 1, 2)]);
    await bound.putCheckpoint(checkpoint('c', 1));
    await bound.putCheckpoint(checkpoint('c', 2), 'staging');
    await bound.putActiveModel({ task: 'rating', checkpoint: 'c', augmentedPairs: 0 });
    await bound.putTunedAlpha({ task: 'rating', alpha1: 0.1, alpha2: 0.1, objective: { name: 'RMSE', value: 1 }, llmModelId: 'm', validationUsers: 1, grid: [0.1], tunedAt: 1 });
    await store.clearAll();
    expect(await store.info()).toBeNull();
    expect(await store.loadDataset()).toBeNull();
    expect(await store.countAugmentedPairs()).toBe(0);
    expect(await store.getCheckpoint('c')).toBeUndefined();
    expect(await store.getCheckpoint('c', 'staging')).toBeUndefined();
    expect(await store.getActiveModel('rating')).toBeUndefined();
    expect(await store.getTunedAlpha('rating')).toBeUndefined();
  });
});

/** A checkpoint record whose model is a stand-in (the store does not interpret it). */
function checkpoint(name: string, epochs: number) {
  return { name, model: { epochs }, fit: { bestEpoch: epochs, bestValidation: 0.1, sinceBest: 0 }, trainRows: 5, finished: true, augmentedTriples: 0 };
}

function pair(user: number, pos: number, neg: number, kind: 'pair' | 'sequential' = 'pair') {
  return { user, pos, neg, kind, modelId: 'test-model', promptVersion: 'v1', createdAt: 1, confidence: 0.9 };
}

describe('importDataset: beforeWrite', () => {
  it('is called once the source parsed, before anything is written; a bad file never calls it', async () => {
    const store = await freshStore();
    const calls: string[] = [];
    const good = 'user,item,rating,timestamp\n1,10,4,1\n1,11,3,2\n2,10,5,3\n';
    await store.importDataset(sourceFromMemory({ 'ratings.csv': good }, { name: 'first' }), {
      beforeWrite: async () => void calls.push(`before write: ${(await store.info())?.name ?? 'nothing stored'}`),
    });
    expect(calls).toEqual(['before write: nothing stored']);
    expect((await store.info())?.name).toBe('first');

    const bad = 'user,item,rating,timestamp\n1,10,four,1\n';
    await expect(
      store.importDataset(sourceFromMemory({ 'ratings.csv': bad }, { name: 'second' }), { beforeWrite: async () => void calls.push('called for a bad file') }),
    ).rejects.toBeInstanceOf(RecError);
    expect(calls).toHaveLength(1);
    expect((await store.info())?.name).toBe('first');
  });
});
