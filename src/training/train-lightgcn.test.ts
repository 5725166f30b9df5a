// LightGCN through the trainer (train-lightgcn.ts) and the store session every model shares
// (trainFromStore, loadTrainedModel): resume, early stopping every few epochs, checkpoints, cancel.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../data/memory-store.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import type { Dataset } from '../data/types.ts';
import { checkLightGcnCheckpoint } from '../models/lightgcn/lightgcn-checkpoint.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';
import { trainLightGcn } from './train-lightgcn.ts';
import { loadTrainedModel, trainFromStore } from './train-session.ts';

const CONFIG = { dim: 8, layers: 2, batchSize: 4, lr: 0.05, l2: 1e-4, seed: 5 };

/** 8 users in two clusters over 12 items, several interactions each, so the split leaves training rows. */
function clusterDataset(): Dataset {
  const rows: [number, number][] = [];
  for (let u = 0; u < 8; u++) for (let k = 0; k < 5; k++) rows.push([u, (u < 4 ? 0 : 6) + ((u + k) % 6)]);
  return {
    name: 'clusters',
    format: 'generic-csv',
    items: Array.from({ length: 12 }, (_, i) => ({ index: i, id: String(i), title: `item ${i}`, genres: [] })),
    users: Array.from({ length: 8 }, (_, u) => ({ index: u, id: String(u) })),
    interactions: {
      length: rows.length,
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      rating: new Float32Array(rows.length).fill(Number.NaN),
      timestamp: Float64Array.from(rows, (_, k) => k),
    },
  };
}

describe('LightGCN training (trainer and store session)', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('resumes from a checkpoint to exactly the weights of an uninterrupted run', async () => {
    const data = clusterDataset();
    const split = leaveOneOutByTime(data.interactions);
    const dims = { numUsers: 8, numItems: 12 };
    const straight = await trainLightGcn(data.interactions, split, dims, { config: CONFIG, epochs: 6, patience: 0 });
    const first = await trainLightGcn(data.interactions, split, dims, { config: CONFIG, epochs: 3, patience: 0 });
    const resumed = await trainLightGcn(data.interactions, split, dims, { epochs: 6, patience: 0, resumeFrom: { checkpoint: structuredClone(await first.model.toCheckpoint()) } });
    expect(resumed.model.epochsDone).toBe(6);
    expect(Array.from((await resumed.model.userEmbeddings()).data)).toEqual(Array.from((await straight.model.userEmbeddings()).data));
    for (const m of [straight.model, first.model, resumed.model]) m.dispose();
  });

  it('validates every few epochs, stops early, keeps the best state, and checkpoints every round', async () => {
    const store = new MemoryStore(clusterDataset());
    const validations: number[] = [];
    const request = { kind: 'lightgcn' as const, config: CONFIG, epochs: 40, patience: 2, validateEvery: 4 };
    const outcome = await trainFromStore(store, request, { onProgress: (p) => p.validation !== undefined && validations.push(p.epoch) });
    expect(validations.length).toBeGreaterThan(2);
    expect(validations.every((e) => e % 4 === 0)).toBe(true);
    expect(outcome.validationMetric).toBe('NDCG@10');
    expect(outcome.epochsRun).toBe(validations.at(-1));
    const stored = (await store.getCheckpoint('lightgcn'))!;
    expect(stored.finished).toBe(true);
    expect(checkLightGcnCheckpoint(stored.model).epoch).toBe(outcome.bestEpoch);
    // A finished model is served as it is.
    expect((await trainFromStore(store, request)).epochsRun).toBe(0);
    const loaded = (await loadTrainedModel(store, 'lightgcn', 'wasm'))!;
    expect(loaded.kind).toBe('lightgcn');
    expect((await loaded.scoreUsers(Int32Array.of(0))).length).toBe(12);
    loaded.dispose();
  });

  it('stops at once when cancelled, and frees every tensor it made', async () => {
    const data = clusterDataset();
    const split = leaveOneOutByTime(data.interactions);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort();
    await expect(trainLightGcn(data.interactions, split, { numUsers: 8, numItems: 12 }, { config: CONFIG, epochs: 5, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
