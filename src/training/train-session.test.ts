// trainFromStore in Node (WASM) on the in-memory store (the same typed records as IndexedDB's): the
// attribute switch of the rating model, which checkpoints are resumed, and the augmented-triple count.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewAugmentedPair } from '../data/serving-store.ts';
import { MemoryStore } from '../data/memory-store.ts';
import type { Dataset } from '../data/types.ts';
import { checkCheckpoint } from '../models/mf-checkpoint.ts';
import { directorRatings } from '../../tests/helpers/models/director-ratings.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import { loadTrainedModel, trainFromStore } from './train-session.ts';

async function memoryStore(dataset: Dataset, pairs: NewAugmentedPair[] = []): Promise<MemoryStore> {
  const store = new MemoryStore(dataset);
  await store.addAugmentedPairs(pairs);
  return store;
}

/** The item attributes the stored model composes items with. */
async function storedFeatures(store: MemoryStore, name: string) {
  return checkCheckpoint((await store.getCheckpoint(name))!.model).itemFeatures;
}

function directorDataset(): Dataset {
  const data = directorRatings({ users: 12, directors: 3, warm: 4 });
  return { name: 'directors', format: 'generic-csv', items: data.items, users: Array.from({ length: data.numUsers }, (_, u) => ({ index: u, id: String(u) })), interactions: data.train };
}

const TRAIN = { epochs: 3, patience: 0, config: { dim: 4, batchSize: 32, seed: 3 } };

describe('trainFromStore', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('gives the rating model the attributes the switch names, and resumes only a model built on the same ones', async () => {
    const store = await memoryStore(directorDataset());
    const first = await trainFromStore(store, { kind: 'mf-rating', ...TRAIN });
    expect(first.attributes).toEqual({ mode: 'dataset', values: 3 });
    expect(first.epochsRun).toBe(3);
    expect(first.augmentedTriples).toBe(0);
    expect((await storedFeatures(store, 'mf-rating'))!.vocabulary).toHaveLength(3);
    // The same attributes: the finished model is served as is.
    expect((await trainFromStore(store, { kind: 'mf-rating', ...TRAIN })).epochsRun).toBe(0);

    // 'none' under the same name: the stored model composes items differently, so it starts over.
    const plain = await trainFromStore(store, { kind: 'mf-rating', attributes: 'none', ...TRAIN });
    expect(plain).toMatchObject({ resumedFromEpoch: 0, epochsRun: 3, attributes: { mode: 'none', values: 0 } });
    expect(await storedFeatures(store, 'mf-rating')).toBeUndefined();

    // An LLM fills a star in: 'dataset+llm' sees one more value, and the reloaded model composes with it.
    await store.putItemAttributes([{ index: 0, attributes: { stars: { value: 'Someone', source: 'llm', modelId: 'test-double', promptVersion: 'v1' } } }]);
    const llm = await trainFromStore(store, { kind: 'mf-rating', attributes: 'dataset+llm', checkpointName: 'rating+llm', ...TRAIN });
    expect(llm.attributes).toEqual({ mode: 'dataset+llm', values: 4 });
    const model = (await loadTrainedModel(store, 'rating+llm'))!;
    expect(model.kind).toBe('mf-rating');
    expect((model as import('../models/mf-rating.ts').RatingMf).features.vocabulary).toContain('stars:someone');
    const [rating] = await model.scorePairs(Int32Array.of(1), Int32Array.of(0));
    expect(rating).toBeGreaterThan(0.5);
    expect(rating).toBeLessThan(5.5);
    model.dispose();
  });

  it('reports the augmented triples each BPR epoch trained on', async () => {
    const pair = (user: number, pos: number, neg: number): NewAugmentedPair => ({ user, pos, neg, kind: 'pair', modelId: 'test-double', promptVersion: 'v1', createdAt: 0, confidence: 1 });
    const store = await memoryStore(directorDataset(), [pair(0, 1, 2), pair(1, 2, 3), pair(2, 3, 4)]);
    const withPairs = await trainFromStore(store, { kind: 'mf-bpr', useAugmented: true, ...TRAIN });
    expect(withPairs.augmentedTriples).toBe(3);
    expect(withPairs.attributes).toBeUndefined();
    expect((await trainFromStore(store, { kind: 'mf-bpr', useAugmented: true, ...TRAIN })).augmentedTriples).toBe(3);
    // Without the pairs (the default), the model trained with them is not served as if it had been trained on D alone.
    const without = await trainFromStore(store, { kind: 'mf-bpr', ...TRAIN });
    expect(without).toMatchObject({ augmentedTriples: 0, resumedFromEpoch: 0, epochsRun: 3 });
  });

  it('trains on the backend the request names, and refuses one that cannot start before touching the store', async () => {
    const store = await memoryStore(directorDataset());
    const onCpu = await trainFromStore(store, { kind: 'mf-bpr', backend: 'cpu', ...TRAIN });
    expect(onCpu.backend).toEqual({ backend: 'cpu', skipped: [] });
    expect(onCpu.epochsRun).toBe(3);
    const model = (await loadTrainedModel(store, 'mf-bpr', 'wasm'))!;
    expect(tf.getBackend()).toBe('wasm');
    model.dispose();
    const noGpu = trainFromStore(store, { kind: 'mf-bpr', backend: 'webgpu', checkpointName: 'never', ...TRAIN });
    await expect(noGpu).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: expect.stringContaining('"webgpu" was asked for') });
    expect(await store.getCheckpoint('never')).toBeUndefined();
    // 'auto' in Node: WASM.
    expect((await trainFromStore(store, { kind: 'mf-bpr', backend: 'auto', ...TRAIN })).backend.backend).toBe('wasm');
  });
});
