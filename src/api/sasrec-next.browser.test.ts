// The sequential task ('next', SASRec) through the public API in headless Chromium: a recommender
// trains SASRec in the training worker from IndexedDB, is cancelled mid-run (the checkpoint keeps
// the last epoch), a new recommender on the same database (a reload) finds the interrupted run,
// resumes it to the end, serves it, and recommends what a user takes up next, re-ranked by an LLM
// (a test double) and blended by α_u with the same score breakdown as the top-k.
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFromMemory } from '../data/import/source.ts';
import { deleteRecStore } from '../data/store.ts';
import { isRecError } from '../errors.ts';
import { checkSasRecCheckpoint } from '../models/sasrec/sasrec-checkpoint.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import type { TrainProgress } from '../training/train-session.ts';
import { fetchEmbeddedSlice } from '../../tests/helpers/api/movielens-slice.ts';
import { createRecommender } from './create-recommender.ts';
import type { Recommender } from './recommender.ts';

const dbName = `l4r-sasrec-api-test-${crypto.randomUUID()}`;
const SASREC = { dim: 16, maxLen: 20, blocks: 1, heads: 1, batchSize: 32, epochs: 5, patience: 10, validateEvery: 5, seed: 4 };

const recs: Recommender[] = [];
afterAll(async () => {
  for (const rec of recs) await rec.dispose();
  await deleteRecStore(dbName);
});

describe("SASRec ('next') through the public API", () => {
  it('trains in the training worker, resumes after a cancel and a reload, and recommends the next items', async () => {
    const llm = () => createDoubleEngine({ script: 'prefers-first' });
    const rec = await createRecommender({ dbName, sasrec: SASREC, mf: { backend: 'wasm' }, kPrime: 10, llm: llm() });
    recs.push(rec);
    const meta = await rec.import(sourceFromMemory({ ...(await fetchEmbeddedSlice(30)) }, { name: 'ml-latest-small 1..30' }));

    const controller = new AbortController();
    const cancelled = await rec
      .train({ task: 'next', signal: controller.signal, onProgress: (p) => void (p.epoch === 2 && p.samplesPerSecond !== undefined && controller.abort()) })
      .then(() => null, (error: unknown) => error);
    expect(isRecError(cancelled) && cancelled.code).toBe('ABORTED');
    const afterCancel = (await rec.store.getCheckpoint('sasrec'))!;
    expect(afterCancel).toMatchObject({ finished: false, datasetFingerprint: meta.fingerprint });
    expect(checkSasRecCheckpoint(afterCancel.model).epoch).toBe(2);
    await rec.dispose();

    // A reload: a new recommender on the same database finds the run and continues it.
    const reloaded = await createRecommender({ dbName, sasrec: SASREC, mf: { backend: 'wasm' }, kPrime: 10, alpha: { alpha1: 0.9, alpha2: 0.9 }, llm: llm() });
    recs.push(reloaded);
    expect(await reloaded.interruptedTraining('next')).toMatchObject({ task: 'next', checkpoint: 'sasrec', epoch: 2 });
    const progress: TrainProgress[] = [];
    const report = await reloaded.train({ task: 'next', onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ task: 'next', checkpoint: 'sasrec', resumedFromEpoch: 2, epochsRun: 3, epochsDone: 5, validationMetric: 'NDCG@10', step: 'wasm-simd' });
    // On the backend asked for (`mf.backend`): the SIMD kernel runs there.
    expect(report.backend.backend).toBe('wasm');
    expect(progress.filter((p) => p.validation !== undefined).map((p) => p.epoch)).toEqual([5]);
    expect(await reloaded.activeModel('next')).toMatchObject({ checkpoint: 'sasrec', kind: 'sasrec', finished: true, epoch: 5 });
    // The tasks are separate: the direct task has no model yet.
    expect(await reloaded.activeModel('ranking')).toBeNull();

    const [userId] = await reloaded.userIds();
    const next = await reloaded.recommend(userId!, { task: 'next', k: 5 });
    expect(next.items).toHaveLength(5);
    expect(next.llm.used).toBe(true);
    expect(next.similarUser).toBeDefined();
    const seen = new Set((await reloaded.history(userId!)).map((h) => h.itemId));
    for (const item of next.items) {
      expect(seen.has(item.itemId)).toBe(false);
      // The breakdown of the top-k: SASRec's score and place, the LLM's place, α_u, the blend.
      expect(Number.isFinite(item.mfScore) && item.mfPosition >= 0 && Number.isFinite(item.finalScore)).toBe(true);
      expect(item.alpha).toBe(next.alpha);
    }
    await expect(reloaded.recommend(userId!)).rejects.toMatchObject({ code: 'NOT_TRAINED' });
  });
});
