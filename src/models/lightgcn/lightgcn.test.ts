import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointRecord } from '../../data/db.ts';
import type { Dataset } from '../../data/types.ts';
import { BprSampler } from '../bpr-sampler.ts';
import { ALL_ROWS, CLUSTERS } from '../testing/tiny-table.ts';
import { nodeBackend } from '../testing/use-node-backend.ts';
import { graphEdges } from './graph.ts';
import { LightGcn } from './lightgcn.ts';
import { loadTrainedLightGcn, trainLightGcnFromStore, type StoredLightGcn } from './lightgcn-session.ts';
import { trainLightGcn } from './train-lightgcn.ts';

const CONFIG = { dim: 8, layers: 2, batchSize: 4, lr: 0.05, l2: 1e-4, seed: 5 };
const edges = () => graphEdges(CLUSTERS, ALL_ROWS, 4, 6);

async function trained(backend: 'wasm' | 'cpu', epochs: number) {
  await nodeBackend(backend);
  const model = LightGcn.create(4, 6, edges(), CONFIG);
  const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) losses.push((await model.trainEpoch(sampler.epoch(model.random))).loss);
  return { model, losses };
}

describe('LightGCN model', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('learns the two taste clusters (and its loss falls)', async () => {
    const { model, losses } = await trained('wasm', 30);
    expect(model.lastStep?.path).toBe('wasm-simd');
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
    const scores = await model.scoreUsers(Int32Array.of(1, 3));
    // User 1 (cluster of items 0–2) prefers item 2 to item 5; user 3 the other way round.
    expect(scores[2]!).toBeGreaterThan(scores[5]!);
    expect(scores[6 + 5]!).toBeGreaterThan(scores[6 + 2]!);
    const pairs = await model.scorePairs(Int32Array.of(1, 3), Int32Array.of(2, 5));
    expect(pairs[0]).toBeCloseTo(scores[2]!, 5);
    expect(pairs[1]).toBeCloseTo(scores[6 + 5]!, 5);
    model.dispose();
  });

  it('trains to the same weights on WASM (SIMD kernel) and CPU (JS step)', async () => {
    const simd = await trained('wasm', 5);
    const simdUsers = (await simd.model.userEmbeddings()).data;
    simd.model.dispose();
    const js = await trained('cpu', 5);
    expect(js.model.lastStep?.path).toBe('js-in-place');
    const jsUsers = (await js.model.userEmbeddings()).data;
    js.model.dispose();
    await nodeBackend('wasm');
    jsUsers.forEach((x, k) => expect(simdUsers[k]).toBeCloseTo(x, 4));
  });

  it('scores the same after a checkpoint round trip through structured clone (what IndexedDB does)', async () => {
    const { model } = await trained('wasm', 3);
    const copy = LightGcn.fromCheckpoint(structuredClone(await model.toCheckpoint()));
    const users = Int32Array.of(0, 1, 2, 3);
    expect(Array.from(await copy.scoreUsers(users))).toEqual(Array.from(await model.scoreUsers(users)));
    expect(copy.epochsDone).toBe(3);
    model.dispose();
    copy.dispose();
    expect(() => LightGcn.fromCheckpoint({ format: 'l4r-mf' })).toThrow(expect.objectContaining({ code: 'CHECKPOINT_INVALID' }));
  });

  it('rejects unknown users and items with typed errors', async () => {
    const model = LightGcn.create(4, 6, edges(), CONFIG);
    await expect(model.scoreUsers(Int32Array.of(4))).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
    await expect(model.scorePairs(Int32Array.of(0), Int32Array.of(6))).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
    const bad = { user: Int32Array.of(0), positive: Int32Array.of(9), negative: Int32Array.of(1) };
    await expect(model.trainEpoch(bad)).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
    model.dispose();
  });
});

function memoryStore(dataset: Dataset) {
  const checkpoints = new Map<string, CheckpointRecord>();
  return {
    checkpoints,
    loadDataset: async () => structuredClone(dataset),
    getCheckpoint: async (name: string) => structuredClone(checkpoints.get(name)),
    putCheckpoint: async (name: string, value: unknown) => {
      const record = { name, savedAt: 0, value: structuredClone(value) };
      checkpoints.set(name, record);
      return record;
    },
    listAugmentedPairs: async () => [],
  };
}

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
    const { leaveOneOutByTime } = await import('../../data/splits.ts');
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
    const store = memoryStore(clusterDataset());
    const validations: number[] = [];
    const outcome = await trainLightGcnFromStore(store, { config: CONFIG, epochs: 40, patience: 2, validateEvery: 4 }, { onProgress: (p) => p.validation !== undefined && validations.push(p.epoch) });
    expect(validations.every((e) => e % 4 === 0)).toBe(true);
    expect(outcome.validationMetric).toBe('NDCG@10');
    const stored = (await store.getCheckpoint('lightgcn'))!.value as StoredLightGcn;
    expect(stored.finished).toBe(true);
    expect(stored.model.epoch).toBe(outcome.bestEpoch);
    // A finished model is served as it is.
    expect((await trainLightGcnFromStore(store, { config: CONFIG, epochs: 40, patience: 2, validateEvery: 4 })).epochsRun).toBe(0);
    const loaded = (await loadTrainedLightGcn(store, 'lightgcn', 'wasm'))!;
    expect(loaded.kind).toBe('lightgcn');
    expect((await loaded.scoreUsers(Int32Array.of(0))).length).toBe(12);
    loaded.dispose();
  });

  it('stops at once when cancelled, and frees every tensor it made', async () => {
    const data = clusterDataset();
    const { leaveOneOutByTime } = await import('../../data/splits.ts');
    const split = leaveOneOutByTime(data.interactions);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort();
    await expect(trainLightGcn(data.interactions, split, { numUsers: 8, numItems: 12 }, { config: CONFIG, epochs: 5, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
