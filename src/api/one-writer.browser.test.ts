// One writer per origin through the public API, in headless Chromium: two recommenders on one
// database stand in for two tabs (the Web Lock and the BroadcastChannel are origin-wide, so two
// objects in one page meet exactly as two tabs do; tests/e2e/one-writer.e2e.ts runs the demo in two
// real pages). One trains in its training worker while the other imports a different dataset: the
// run ends with DATASET_CHANGED, nothing of it lands in the new data, the trainer hears of the new
// dataset, and afterwards both serve the new dataset's model or none. Without any lock, the worker
// itself refuses to save a checkpoint into a store that holds another dataset (DATASET_MISMATCH).
import { afterEach, expect, test } from 'vitest';
import type { DatasetChange } from '../data/store-channel.ts';
import { deleteRecStore, openRecStore } from '../data/store.ts';
import type { TrainProgress } from '../training/train-session.ts';
import { trainInWorker } from '../workers/train-client.ts';
import { gridDataset, tinyDataset } from '../../tests/helpers/data/test-dataset.ts';
import { createRecommender } from './create-recommender.ts';
import type { Recommender } from './recommender.ts';

/** The other tab's dataset: smaller than the one being trained on (80 users × 60 items). */
const NEW_DATA = gridDataset(12, 9, 4);

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function twoTabs(): Promise<{ dbName: string; trainer: Recommender; importer: Recommender }> {
  const dbName = `l4r-one-writer-${crypto.randomUUID()}`;
  cleanup.push(() => deleteRecStore(dbName));
  // Many epochs, no early stop: the run is still going when the other tab imports.
  const trainer = await createRecommender({ dbName, trainIn: 'worker', mf: { epochs: 200, patience: 200, dim: 8, batchSize: 64, seed: 1, backend: 'wasm' } });
  const importer = await createRecommender({ dbName, trainIn: 'main-thread', mf: { epochs: 2, patience: 2, dim: 4, batchSize: 16, seed: 1, backend: 'cpu' } });
  cleanup.push(() => trainer.dispose(), () => importer.dispose());
  await trainer.store.writeDataset(gridDataset(80, 60, 10));
  return { dbName, trainer, importer };
}

test('training in one tab while another imports: the run stops with DATASET_CHANGED and each tab serves the new data’s model or none', async () => {
  const { trainer, importer } = await twoTabs();
  const heard: DatasetChange[] = [];
  trainer.onDatasetChange((change) => heard.push(change));

  let epochsDone = 0;
  let imported: Promise<unknown> | undefined;
  const training = trainer.train({
    onProgress: (p: TrainProgress) => {
      if (p.validation === undefined) return;
      epochsDone = p.epoch;
      // The other tab imports while epochs are still being checkpointed.
      if (p.epoch === 2) imported = importer.store.writeDataset(NEW_DATA);
    },
  });
  const error = await training.then(() => null, (e: unknown) => e);
  expect(error).toMatchObject({ code: 'DATASET_CHANGED', message: expect.stringMatching(/^Stopped: a dataset is being imported/) });
  await imported;
  expect(epochsDone).toBeGreaterThanOrEqual(2);
  expect(epochsDone).toBeLessThan(200);

  // Nothing of the run is in the new data: no checkpoint, no staged run, no model serving.
  const newMeta = (await importer.store.info())!;
  expect(newMeta).toMatchObject({ users: 12, items: 9 });
  for (const shelf of ['checkpoints', 'staging'] as const) expect(await importer.store.getCheckpoint('mf-bpr', shelf)).toBeUndefined();
  expect(await importer.store.getActiveModel('ranking')).toBeUndefined();

  // The trainer heard of it, let go of the old data, and serves the new data's model: none yet.
  await expect.poll(() => heard.map((c) => c.fingerprint)).toContain(newMeta.fingerprint);
  expect(heard.at(-1)).toEqual({ kind: 'imported', fingerprint: newMeta.fingerprint, name: NEW_DATA.name });
  expect(await trainer.userIds()).toEqual(NEW_DATA.users.map((u) => u.id));
  expect(await trainer.activeModel()).toBeNull();
  await expect(trainer.recommend('user-1')).rejects.toMatchObject({ code: 'NOT_TRAINED' });

  // The importing tab trains on its data; both tabs now serve that model, of that data.
  await importer.train();
  for (const rec of [importer, trainer]) {
    expect(await rec.activeModel()).toMatchObject({ checkpoint: 'mf-bpr', finished: true });
    const list = await rec.recommend(NEW_DATA.users[1]!.id, { k: 2 });
    const items = new Set(NEW_DATA.items.map((item) => item.id));
    expect(list.items).toHaveLength(2);
    expect(list.items.every((item) => items.has(item.itemId))).toBe(true);
  }
  expect(await importer.store.getActiveModel('ranking')).toMatchObject({ datasetFingerprint: newMeta.fingerprint });
}, 300_000);

test('a job asked for in one tab while another tab clears the data does not start on the cleared data', async () => {
  const { trainer, importer } = await twoTabs();
  await trainer.userIds(); // the trainer holds the dataset
  await importer.clearAll();
  // The clear's notice may still be on its way: either way the job refuses the data it held.
  const error = await trainer.train().then(() => null, (e: unknown) => e);
  expect(error).toMatchObject({ code: expect.stringMatching(/^(DATASET_CHANGED|NO_DATASET)$/) });
  expect(await importer.store.info()).toBeNull();
  expect(await importer.store.getCheckpoint('mf-bpr')).toBeUndefined();
});

test('without any lock, the training worker refuses to save its checkpoint into a store that now holds another dataset', async () => {
  const dbName = `l4r-bound-worker-${crypto.randomUUID()}`;
  cleanup.push(() => deleteRecStore(dbName));
  const store = await openRecStore(dbName);
  cleanup.push(async () => store.close());
  const { fingerprint } = await store.writeDataset(gridDataset(80, 60, 10));

  // The worker's own run, bound to that dataset, with no writer lock around it (as a caller of
  // the worker API that bypasses createRecommender would run it).
  const run = trainInWorker(dbName);
  let replaced: Promise<unknown> | undefined;
  const training = run(
    { kind: 'mf-bpr', epochs: 200, patience: 200, config: { dim: 8, batchSize: 64, seed: 1 }, backend: 'wasm', datasetFingerprint: fingerprint },
    { onProgress: (p) => void (p.epoch === 2 && p.validation !== undefined && !replaced && (replaced = store.writeDataset(tinyDataset()))) },
  );
  const error = await training.then(() => null, (e: unknown) => e);
  await replaced;
  expect(error).toMatchObject({ code: 'DATASET_MISMATCH', message: expect.stringMatching(/^Not saved: the checkpoint "mf-bpr" was made from dataset [0-9a-f]{8}, but the store now holds "tiny"/) });
  expect((await store.info())?.name).toBe('tiny');
  expect(await store.getCheckpoint('mf-bpr')).toBeUndefined();
}, 300_000);
