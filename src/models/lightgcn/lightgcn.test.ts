import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { BprSampler } from '../bpr-sampler.ts';
import { ALL_ROWS, CLUSTERS } from '../../../tests/helpers/models/tiny-table.ts';
import { nodeBackend } from '../../../tests/helpers/models/use-node-backend.ts';
import { graphEdges } from './graph.ts';
import { LightGcn } from './lightgcn.ts';

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
