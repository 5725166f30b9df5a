// A store written by schema version 2, opened by this one (version 3): its augmented pairs and
// cached LLM answers are stamped with the fingerprint of the dataset it holds, and a store bound to
// that dataset reads them (and refuses them when bound to another); a v2 store that holds pairs
// or answers but no dataset loses them, since nothing could ever read them.
//
// The v2 database is written with the raw IndexedDB API: version 1's schema plus the three typed
// serving stores version 2 added, and records in the shapes version 2 wrote.
import { afterEach, expect, test } from 'vitest';
import { DB_VERSION } from './db.ts';
import { deleteRecStore, openRecStore, type RecStore } from './store.ts';
import { createV2Schema, idbDone } from '../../tests/helpers/data/old-schemas.ts';

const names: string[] = [];
const stores: RecStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  for (const name of names.splice(0)) await deleteRecStore(name);
});

const FINGERPRINT = '00c0ffee00c0ffee';
const META = { key: 'dataset', name: 'tiny-v2', format: 'generic-csv', users: 2, items: 3, ratedItems: 3, interactions: 3, fingerprint: FINGERPRINT, importedAt: 1 };
const PAIRS = [
  { user: 0, pos: 1, neg: 2, kind: 'pair', modelId: 'test-double/prefers-first', promptVersion: 'l4r-prompts-2', createdAt: 5, confidence: 1 },
  { user: 1, pos: 0, neg: 2, kind: 'sequential', modelId: 'test-double/prefers-first', promptVersion: 'l4r-prompts-2', createdAt: 6, confidence: 0.5 },
];
const ANSWER = { key: 'test-double/prefers-first:abc', model: 'test-double/prefers-first', prompt: '{"messages":[]}', answer: { text: 'A', finishReason: 'stop' }, createdAt: 7 };

async function writeV2Store(withDataset: boolean): Promise<string> {
  const name = `l4r-v2-store-${crypto.randomUUID()}`;
  names.push(name);
  const open = indexedDB.open(name, 2);
  open.onupgradeneeded = () => createV2Schema(open.result);
  await idbDone(open);
  const db = open.result;
  const tx = db.transaction(['meta', 'users', 'items', 'interactions', 'augmentedPairs', 'llmCache'], 'readwrite');
  if (withDataset) {
    tx.objectStore('meta').put(META);
    [0, 1].forEach((index) => tx.objectStore('users').put({ index, id: `u${index}` }));
    [0, 1, 2].forEach((index) => tx.objectStore('items').put({ index, id: `i${index}`, title: `Item ${index}`, genres: [] }));
    tx.objectStore('interactions').put({ user: 0, items: [0, 1], ratings: Float32Array.of(4, 3), timestamps: Float64Array.of(1, 2) });
    tx.objectStore('interactions').put({ user: 1, items: [2], ratings: Float32Array.of(5), timestamps: Float64Array.of(3) });
  }
  for (const pair of PAIRS) tx.objectStore('augmentedPairs').add(pair);
  tx.objectStore('llmCache').put(ANSWER);
  await idbDone(tx);
  db.close();
  return name;
}

async function open(name: string): Promise<RecStore> {
  const store = await openRecStore(name);
  stores.push(store);
  return store;
}

test('version 3 binds a version-2 store’s pairs and answers to the dataset it holds, keeping them all', async () => {
  expect(DB_VERSION).toBe(3);
  const store = await open(await writeV2Store(true));
  expect(await store.listAugmentedPairs()).toEqual(PAIRS.map((p, k) => ({ ...p, id: k + 1, datasetFingerprint: FINGERPRINT })));
  expect(await store.getCachedAnswer(ANSWER.key)).toEqual({ ...ANSWER, datasetFingerprint: FINGERPRINT });

  // A job bound to that dataset reads them; one bound to another refuses, whatever it asks.
  const bound = store.boundTo(FINGERPRINT);
  expect(await bound.listAugmentedPairs({ user: 1 })).toMatchObject([{ pos: 0, neg: 2, kind: 'sequential' }]);
  expect(await bound.getCachedAnswer(ANSWER.key)).toMatchObject({ answer: { text: 'A' } });
  const other = store.boundTo('ffffffffffffffff');
  await expect(other.listAugmentedPairs()).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
  await expect(other.getCachedAnswer(ANSWER.key)).rejects.toMatchObject({ code: 'DATASET_MISMATCH' });
});

test('a version-2 store without a dataset loses its pairs and answers (no dataset they could belong to)', async () => {
  const store = await open(await writeV2Store(false));
  expect(await store.info()).toBeNull();
  expect(await store.countAugmentedPairs()).toBe(0);
  expect(await store.getCachedAnswer(ANSWER.key)).toBeUndefined();
});
