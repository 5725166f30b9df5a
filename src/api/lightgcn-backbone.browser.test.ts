// LightGCN as the ranking backbone through the public API in headless Chromium: a recommender
// created with `backbone: 'lightgcn'` trains it in the training worker from IndexedDB (its
// checkpoint 'lightgcn', validated every few epochs), serves it after a reload (a new
// recommender on the same database), and re-ranks its top k′ with an LLM (a test double).
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFromMemory } from '../data/import/source.ts';
import { deleteRecStore } from '../data/store.ts';
import { checkLightGcnCheckpoint } from '../models/lightgcn/lightgcn-checkpoint.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import type { TrainProgress } from '../training/train-session.ts';
import { fetchEmbeddedSlice } from '../../tests/helpers/api/movielens-slice.ts';
import { createRecommender } from './create-recommender.ts';
import type { Recommender } from './recommender.ts';

const dbName = `l4r-lightgcn-test-${crypto.randomUUID()}`;
const LIGHTGCN = { dim: 16, layers: 2, batchSize: 512, epochs: 6, patience: 10, validateEvery: 3, seed: 4 };

const recs: Recommender[] = [];
afterAll(async () => {
  for (const rec of recs) await rec.dispose();
  await deleteRecStore(dbName);
});

describe('LightGCN as the backbone of the public API', () => {
  it('trains in the training worker, serves after a reload, and is what the LLM re-ranks', async () => {
    const rec = await createRecommender({ dbName, backbone: 'lightgcn', lightgcn: LIGHTGCN, mf: { backend: 'wasm' }, kPrime: 10, llm: createDoubleEngine({ script: 'prefers-first' }) });
    recs.push(rec);
    const meta = await rec.import(sourceFromMemory({ ...(await fetchEmbeddedSlice(30)) }, { name: 'ml-latest-small 1..30' }));
    const progress: TrainProgress[] = [];
    const report = await rec.train({ onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ checkpoint: 'lightgcn', epochsRun: 6, validationMetric: 'NDCG@10' });
    // Validated every 3 epochs (the worker's progress says so), on the backend asked for (the automatic choice is measured).
    expect(progress.filter((p) => p.validation !== undefined).map((p) => p.epoch)).toEqual([3, 6]);
    expect(report.backend.backend).toBe('wasm');
    const stored = (await rec.store.getCheckpoint('lightgcn'))!;
    expect(stored.finished).toBe(true);
    // Written through the store bound to the imported dataset: a reload after another import refuses it.
    expect(stored.datasetFingerprint).toBe(meta.fingerprint);
    const model = checkLightGcnCheckpoint(stored.model);
    expect(model.config.layers).toBe(2);
    // Early stopping keeps the best validated state: epoch 3 or 6.
    expect(model.epoch).toBe(report.bestEpoch);

    // A new recommender on the same database (a reload) serves the trained LightGCN as is.
    const reloaded = await createRecommender({ dbName, kPrime: 10, alpha: { alpha1: 0.9, alpha2: 0.9 }, llm: createDoubleEngine({ script: 'prefers-first' }) });
    recs.push(reloaded);
    expect(await reloaded.activeModel()).toMatchObject({ checkpoint: 'lightgcn', kind: 'lightgcn', epoch: report.bestEpoch });
    const [userId] = await reloaded.userIds();
    const recommendation = await reloaded.recommend(userId!, { k: 5 });
    expect(recommendation.items).toHaveLength(5);
    expect(recommendation.llm.used).toBe(true);
    expect(recommendation.similarUser).toBeDefined();
  });
});
