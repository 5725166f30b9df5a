// A store trained by the demo before it went through createRecommender: the demo called
// trainFromStore itself, into checkpoint 'mf-bpr', and wrote no active-model record. After the
// update the recommender must still find and serve that model.
import { afterAll, expect, test } from 'vitest';
import { deleteRecStore, openRecStore } from '../data/store.ts';
import { gridDataset } from '../../tests/helpers/data/test-dataset.ts';
import { trainFromStore } from '../training/train-session.ts';
import { createRecommender } from './create-recommender.ts';

const dbName = `l4r-legacy-store-${crypto.randomUUID()}`;
afterAll(() => deleteRecStore(dbName));

test("a model the earlier demo trained into 'mf-bpr' is served and reported", async () => {
  const store = await openRecStore(dbName);
  await store.writeDataset(gridDataset(30, 40, 8));
  // The earlier demo's request (DEMO_TRAIN_REQUEST), on a smaller model.
  await trainFromStore(store, { kind: 'mf-bpr', checkpointName: 'mf-bpr', epochs: 2, patience: 3, reportEvery: 20, config: { dim: 4, batchSize: 64 } });
  store.close();

  const rec = await createRecommender({ dbName });
  try {
    const info = (await rec.activeModel())!;
    expect(info).toMatchObject({ task: 'ranking', checkpoint: 'mf-bpr', augmentedPairs: 0, finished: true });
    // Finished: the stored weights are the best epoch's.
    expect(info.epoch).toBe(info.bestEpoch);
    expect([1, 2]).toContain(info.epoch);
    const result = await rec.recommend('user-1', { k: 3 });
    expect(result.items.map((x) => x.mfPosition)).toEqual([1, 2, 3]);
    expect(await rec.activeModel('rating')).toBeNull();
  } finally {
    await rec.dispose();
  }
});
