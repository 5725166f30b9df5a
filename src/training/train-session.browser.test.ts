// BPR-MF trained in headless Chromium on the WebGPU backend (SwiftShader adapter, asked for
// explicitly: the automatic choice takes WASM there, see backend.browser.test.ts), on a real
// slice of the embedded MovieLens data held in IndexedDB: cancel + checkpoint + resume after a
// "reload" (the store closed and opened again), then the reloaded model against popularity.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDataset } from '../data/import/parse.ts';
import { sourceFromUrl } from '../data/import/source.ts';
import { leaveOneOutByTime, selectRows } from '../data/splits.ts';
import { deleteRecStore, openRecStore, type RecStore } from '../data/store.ts';
import { AbortedError } from '../errors.ts';
import { evaluatePopularity } from '../eval/baseline.ts';
import { evaluateRanking } from '../eval/evaluate.ts';
import { checkCheckpoint } from '../models/mf-checkpoint.ts';
import type { RatingMf } from '../models/mf-rating.ts';
import { loadTrainedModel, trainFromStore, type TrainProgress } from './train-session.ts';
import { boundToStored } from '../../tests/helpers/data/bound-to-stored.ts';

const dbName = `l4r-train-test-${crypto.randomUUID()}`;
// 300 users (45,529 ratings): big enough for MF to beat popularity (checked in Node on WASM, which
// gives the same numbers as WebGPU here), small enough for SwiftShader.
const USERS = 300;
const request = {
  kind: 'mf-bpr' as const,
  epochs: 12,
  patience: 3,
  config: { dim: 32, batchSize: 2048, lr: 0.01, l2: 0.001, seed: 1 },
  backend: 'webgpu' as const,
};

async function storeWithSlice(name = dbName, users = USERS): Promise<RecStore> {
  const full = await parseDataset(await sourceFromUrl('/data/ml-latest-small/', ['ratings.csv', 'movies.csv']));
  const rows: number[] = [];
  for (let r = 0; r < full.interactions.length; r++) if (full.interactions.user[r]! < users) rows.push(r);
  const store = await openRecStore(name);
  await store.writeDataset({ ...full, users: full.users.slice(0, users), interactions: selectRows(full.interactions, Int32Array.from(rows)) });
  return store;
}

const ratingDb = `l4r-train-rating-test-${crypto.randomUUID()}`;

afterAll(async () => {
  await deleteRecStore(dbName);
  await deleteRecStore(ratingDb);
});

describe('training on WebGPU from IndexedDB', () => {
  it('cancels with a checkpoint, resumes after a reload, and beats popularity', async () => {
    let store = await storeWithSlice();

    // First run: cancelled after epoch 2 has been checkpointed.
    const controller = new AbortController();
    const seen: TrainProgress[] = [];
    const first = trainFromStore(await boundToStored(store), request, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.epoch === 2 && p.validation !== undefined) controller.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    expect(tf.getBackend()).toBe('webgpu');
    const afterCancel = (await store.getCheckpoint('mf-bpr'))!;
    expect(checkCheckpoint(afterCancel.model).epoch).toBe(2);
    expect(afterCancel.finished).toBe(false);
    const epochReports = seen.filter((p) => p.validation !== undefined);
    expect(epochReports.map((p) => p.epoch)).toEqual([1, 2]);
    expect(epochReports[1]!.loss!).toBeLessThan(epochReports[0]!.loss!);
    expect(epochReports[0]!.samplesPerSecond!).toBeGreaterThan(0);

    // "Reload": close and reopen the database, then train again: it resumes from epoch 2.
    store.close();
    store = await openRecStore(dbName);
    const tensorsBefore = tf.memory().numTensors;
    const outcome = await trainFromStore(await boundToStored(store), request);
    expect(outcome.backend.backend).toBe('webgpu');
    expect(outcome.resumedFromEpoch).toBe(2);
    expect(outcome.epochsRun).toBeGreaterThan(0);
    expect(outcome.bestEpoch).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    // Reload again: the stored (best) model is served as is, no training.
    store.close();
    store = await openRecStore(dbName);
    const again = await trainFromStore(await boundToStored(store), request);
    expect(again.epochsRun).toBe(0);

    const model = (await loadTrainedModel(await boundToStored(store), 'mf-bpr', 'webgpu'))!;
    expect(tf.getBackend()).toBe('webgpu');
    expect(model.epochsDone).toBe(outcome.bestEpoch);
    const data = (await store.loadDataset())!;
    const split = leaveOneOutByTime(data.interactions);
    const dims = { numUsers: data.users.length, numItems: data.items.length };
    const ours = await evaluateRanking(model, data.interactions, split, { target: 'test', ks: [10, 20] });
    const popularity = await evaluatePopularity(data.interactions, split, dims, { target: 'test', ks: [10, 20] });
    console.log(
      `WebGPU BPR-MF on ${USERS} users: ${outcome.epochsRun} epochs after resume, best epoch ${outcome.bestEpoch}; ` +
        `test NDCG@10 ${ours.overall['NDCG@10']!.toFixed(4)} vs popularity ${popularity.ranking.overall['NDCG@10']!.toFixed(4)}; ` +
        `NDCG@20 ${ours.overall['NDCG@20']!.toFixed(4)} vs ${popularity.ranking.overall['NDCG@20']!.toFixed(4)}`,
    );
    expect(ours.overall['NDCG@10']!).toBeGreaterThan(popularity.ranking.overall['NDCG@10']!);
    expect(ours.overall['NDCG@20']!).toBeGreaterThan(popularity.ranking.overall['NDCG@20']!);
    model.dispose();
    store.close();
  }, 600_000);

  it('trains the feature-aware rating model with LLM-filled attributes from IndexedDB and predicts a rating', async () => {
    const opened = await storeWithSlice(ratingDb, 40);
    const store = await boundToStored(opened);
    // Stand-in "LLM" answers (made up, as a test double's would be): one director for three films user 0 rated.
    const films = (await opened.userHistory(0)).slice(0, 3).map((r) => r.item);
    const director = { value: 'Test Director', source: 'llm' as const, modelId: 'test-double', promptVersion: 'v1' };
    expect(await store.putItemAttributes(films.map((index) => ({ index, attributes: { director } })))).toBe(3);

    const losses: number[] = [];
    const outcome = await trainFromStore(
      store,
      { kind: 'mf-rating', attributes: 'dataset+llm', epochs: 3, patience: 0, config: { dim: 16, batchSize: 512, seed: 1 }, backend: 'webgpu' },
      { onProgress: (p) => void (p.batch === p.batches && p.loss !== undefined && losses.push(p.loss)) },
    );
    expect(outcome.backend.backend).toBe('webgpu');
    expect(outcome.attributes!.mode).toBe('dataset+llm');
    expect(outcome.augmentedTriples).toBe(0);
    expect(losses).toHaveLength(3);
    expect(losses[2]!).toBeLessThan(losses[0]!);

    const model = (await loadTrainedModel(store, 'mf-rating', 'webgpu')) as RatingMf;
    expect(model.features.vocabulary).toContain('director:test director');
    expect(outcome.attributes!.values).toBe(model.features.vocabulary.length);
    const [rating] = await model.scorePairs(Int32Array.of(1), Int32Array.of(films[0]!));
    console.log(`WebGPU feature-aware biased MF (${outcome.attributes!.values} attribute values): user 1 × item ${films[0]} → ${rating!.toFixed(3)}; epoch losses ${losses.map((l) => l.toFixed(3)).join(', ')}`);
    expect(rating).toBeGreaterThan(0.5);
    expect(rating).toBeLessThan(5.5);
    // The full ranking composes the items as scorePairs does.
    expect((await model.scoreUsers(Int32Array.of(1)))[films[0]!]).toBeCloseTo(rating!, 3);
    model.dispose();
    opened.close();
  }, 600_000);
});
