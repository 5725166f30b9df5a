// A store written by version 1 of the schema, opened by this one: the v1 → v2 upgrade moves the
// serving records out of `checkpoints` (active model, tuned α, staging) into their typed stores and
// stamps them with the dataset's fingerprint, and v2 → v3 stamps the augmented pairs and cached
// answers too; the dataset, the augmented pairs, the model (served through the public API) and the
// cached answers are all still there. (v2 → v3 alone: src/data/upgrade-dataset-binding.browser.test.ts.)
//
// The v1 database is written with the raw IndexedDB API, schema and records exactly as version 1
// wrote them; the dataset records come from the same functions v1 used (the dataset stores did not
// change), the models are real checkpoints of small trained MF models.
import { afterAll, expect, test } from 'vitest';
import { canonicalOrder } from '../data/check-dataset.ts';
import { fingerprintDataset } from '../data/fingerprint.ts';
import { deleteRecStore } from '../data/store.ts';
import type { Dataset } from '../data/types.ts';
import { userBlocks } from '../data/user-blocks.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { useBackend } from '../models/backend.ts';
import { RatingMf } from '../models/mf-rating.ts';
import { trainMf } from '../training/train-mf.ts';
import { createV1Schema, idbDone } from '../../tests/helpers/data/old-schemas.ts';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { createRecommender } from './create-recommender.ts';

const dbName = `l4r-v1-store-${crypto.randomUUID()}`;
afterAll(() => deleteRecStore(dbName));

async function openV1(): Promise<IDBDatabase> {
  const open = indexedDB.open(dbName, 1);
  open.onupgradeneeded = () => createV1Schema(open.result);
  await idbDone(open);
  return open.result;
}

const PAIRS = [
  { user: 0, pos: 3, neg: 5, kind: 'pair', modelId: 'Llama-2-7b-chat-hf-q4f32_1-MLC', promptVersion: 'v3', createdAt: 11, confidence: 0.8 },
  { user: 1, pos: 2, neg: 9, kind: 'sequential', modelId: 'Llama-2-7b-chat-hf-q4f32_1-MLC', promptVersion: 'v3', createdAt: 12, confidence: 1 },
];
const TUNED = { task: 'ranking', alpha1: 0.7, alpha2: 0.3, objective: { name: 'NDCG@5', value: 0.12 }, llmModelId: 'test-double/oracle', kPrime: 20, llmPlaces: 20, validationUsers: 30, grid: [0.1, 0.3, 0.5, 0.7, 0.9], tunedAt: 5 };
const ANSWER = { key: 'h-1', model: 'Llama-2-7b-chat-hf-q4f32_1-MLC', prompt: 'Which do you prefer?', answer: { text: 'A' }, createdAt: 42 };

/** What v1's train-session stored under a checkpoint name. */
async function v1Checkpoints(dataset: Dataset) {
  const split = leaveOneOutByTime(dataset.interactions);
  const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };
  const config = { dim: 4, batchSize: 64, seed: 5 };
  const ranking = await trainMf(dataset.interactions, split, dims, { kind: 'mf-bpr', epochs: 2, patience: 0, config });
  const rating = RatingMf.create(dims.numUsers, dims.numItems, 3, config);
  const fit = { bestEpoch: 2, bestValidation: 0.05, sinceBest: 0 };
  const value = async (model: { toCheckpoint(): Promise<unknown> }) => ({ model: await model.toCheckpoint(), fit, trainRows: split.train.length, finished: true });
  try {
    return {
      augmented: { ...(await value(ranking.model)), augmentedTriples: PAIRS.length },
      // A checkpoint from before the augmentedTriples field.
      rating: await value(rating),
    };
  } finally {
    ranking.model.dispose();
    rating.dispose();
  }
}

/** The interactions as sorted "user item rating time" lines (stores give them back in (user, item) order). */
const rows = (d: Dataset) =>
  Array.from({ length: d.interactions.length }, (_, r) => `${d.interactions.user[r]} ${d.interactions.item[r]} ${d.interactions.rating[r]} ${d.interactions.timestamp[r]}`).sort();

async function writeV1Store(dataset: Dataset): Promise<string> {
  const order = canonicalOrder(dataset.interactions, dataset.users.length, dataset.items.length);
  const fingerprint = fingerprintDataset(dataset, order);
  const t = dataset.interactions;
  const meta = {
    key: 'dataset',
    name: dataset.name,
    format: dataset.format,
    users: dataset.users.length,
    items: dataset.items.length,
    ratedItems: new Set(t.item).size,
    interactions: t.length,
    fingerprint,
    importedAt: 1,
  };
  const { augmented, rating } = await v1Checkpoints(dataset);
  const db = await openV1();
  const tx = db.transaction(['meta', 'items', 'users', 'interactions', 'augmentedPairs', 'checkpoints', 'llmCache'], 'readwrite');
  for (const user of dataset.users) tx.objectStore('users').put(user);
  for (const item of dataset.items) tx.objectStore('items').put(item);
  for (const block of userBlocks(t, order)) tx.objectStore('interactions').put(block);
  tx.objectStore('meta').put(meta);
  for (const pair of PAIRS) tx.objectStore('augmentedPairs').add(pair);
  const checkpoints = tx.objectStore('checkpoints');
  checkpoints.put({ name: 'mf-bpr+aug-2', savedAt: 100, value: augmented });
  checkpoints.put({ name: 'active-model/ranking', savedAt: 101, value: { name: 'mf-bpr+aug-2', augmentedPairs: 2 } });
  // A retraining interrupted while the model above served: its staging copy.
  checkpoints.put({ name: 'mf-bpr+aug-2~staging', savedAt: 102, value: { ...augmented, finished: false } });
  // The rating model the demo trained before active-model records existed: no record names it.
  checkpoints.put({ name: 'mf-rating', savedAt: 103, value: rating });
  checkpoints.put({ name: 'tuned-alpha/ranking', savedAt: 104, value: TUNED });
  // Nothing any version could serve.
  checkpoints.put({ name: 'scratch', savedAt: 105, value: 7 });
  tx.objectStore('llmCache').put(ANSWER);
  await idbDone(tx);
  db.close();
  return fingerprint;
}

test('a version-1 store keeps its dataset, pairs, models, tuned α and answers after the upgrade', async () => {
  await useBackend('cpu');
  const dataset = gridDataset(30, 40, 8);
  const fingerprint = await writeV1Store(dataset);

  const rec = await createRecommender({ dbName, trainIn: 'main-thread', mf: { backend: 'cpu' } });
  try {
    const { store } = rec;
    // The dataset and the augmented pairs, untouched.
    const loaded = (await store.loadDataset())!;
    expect(loaded.users).toEqual(dataset.users);
    expect(loaded.items).toEqual(dataset.items);
    expect(rows(loaded)).toEqual(rows(dataset));
    expect((await store.info())?.fingerprint).toBe(fingerprint);
    expect(await store.listAugmentedPairs()).toEqual(PAIRS.map((p, k) => ({ ...p, id: k + 1, datasetFingerprint: fingerprint })));
    expect(await store.getCachedAnswer('h-1')).toEqual({ ...ANSWER, datasetFingerprint: fingerprint });

    // The models: typed records, stamped with the dataset, and servable.
    expect(await store.getActiveModel('ranking')).toEqual({ task: 'ranking', checkpoint: 'mf-bpr+aug-2', augmentedPairs: 2, datasetFingerprint: fingerprint });
    expect(await store.getCheckpoint('mf-bpr+aug-2')).toMatchObject({ savedAt: 100, datasetFingerprint: fingerprint, finished: true, augmentedTriples: 2 });
    expect(await store.getCheckpoint('mf-bpr+aug-2', 'staging')).toMatchObject({ name: 'mf-bpr+aug-2', savedAt: 102, finished: false });
    expect(await rec.activeModel()).toMatchObject({ task: 'ranking', checkpoint: 'mf-bpr+aug-2', augmentedPairs: 2, finished: true, epoch: 2 });
    const list = await rec.recommend('user-1', { k: 3 });
    expect(list.items.map((x) => x.mfPosition)).toEqual([1, 2, 3]);
    expect(list.llm).toMatchObject({ used: false, reason: 'no-llm' });
    expect(await rec.activeModel('rating')).toMatchObject({ task: 'rating', checkpoint: 'mf-rating', augmentedPairs: 0, finished: true });
    expect(await store.getCheckpoint('mf-rating')).toMatchObject({ augmentedTriples: 0, datasetFingerprint: fingerprint });
    const rating = await rec.predictRating('user-1', 'item-3');
    expect(Number.isFinite(rating.finalScore)).toBe(true);

    // Tuned α, from its own store.
    expect(await store.getTunedAlpha('ranking')).toEqual({ ...TUNED, datasetFingerprint: fingerprint });
    expect(await rec.alpha()).toEqual({ alpha1: 0.7, alpha2: 0.3, source: 'tuned' });

    // Nothing of the key–value use is left in `checkpoints`.
    for (const name of ['active-model/ranking', 'tuned-alpha/ranking', 'mf-bpr+aug-2~staging', 'scratch']) {
      expect(await store.getCheckpoint(name)).toBeUndefined();
    }
  } finally {
    await rec.dispose();
  }
});
