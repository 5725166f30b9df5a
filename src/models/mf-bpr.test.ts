import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecError } from '../errors.ts';
import { BprSampler } from './bpr-sampler.ts';
import { BprMf } from './mf-bpr.ts';
import { ALL_ROWS, CLUSTERS } from '../../tests/helpers/models/tiny-table.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';

const options = { dim: 4, batchSize: 5, lr: 0.05, l2: 0.001, seed: 7 };

async function trained(epochs: number, seed = options.seed): Promise<{ model: BprMf; losses: number[] }> {
  const model = BprMf.create(4, 6, { ...options, seed });
  const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) losses.push((await model.trainEpoch(sampler.epoch(model.random))).loss);
  return { model, losses };
}

describe.each(['wasm', 'cpu'] as const)('BPR-MF on %s', (backend) => {
  beforeAll(async () => {
    await nodeBackend(backend);
  });

  it('lowers the loss and learns the two taste clusters of a tiny dataset', async () => {
    const { model, losses } = await trained(40);
    expect(losses[0]).toBeGreaterThan(0.6); // ≈ ln 2 at random init
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
    const scores = await model.scoreUsers(Int32Array.of(1, 3));
    expect(scores[2]).toBeGreaterThan(scores[5]!); // user 1
    expect(scores[6 + 5]).toBeGreaterThan(scores[6 + 2]!); // user 3
    const pairs = await model.scorePairs(Int32Array.of(1, 1), Int32Array.of(2, 5));
    expect(pairs[0]).toBeCloseTo(scores[2]!, 5);
    expect(pairs[1]).toBeCloseTo(scores[5]!, 5);
    model.dispose();
  });

  it('keeps the number of tensors flat across epochs (no leaks)', async () => {
    const model = BprMf.create(4, 6, options);
    const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    await model.trainEpoch(sampler.epoch(model.random));
    await model.scoreUsers(Int32Array.of(0)); // creates the cached item-weights slice
    const after1 = tf.memory().numTensors;
    for (let e = 0; e < 4; e++) await model.trainEpoch(sampler.epoch(model.random), { reportEvery: 1, onBatch: () => {} });
    await model.scoreUsers(Int32Array.of(0, 1));
    await model.userEmbeddings();
    expect(tf.memory().numTensors).toBe(after1);
    const before = tf.memory().numTensors;
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - 4); // weights, m, v of the table + the item-weights cache
  });

  it('is deterministic for a seed, and the seed matters', async () => {
    const [a, b, c] = [await trained(3, 1), await trained(3, 1), await trained(3, 2)];
    const [ea, eb, ec] = [await a.model.userEmbeddings(), await b.model.userEmbeddings(), await c.model.userEmbeddings()];
    expect(Array.from(ea.data)).toEqual(Array.from(eb.data));
    expect(Array.from(ea.data)).not.toEqual(Array.from(ec.data));
    [a, b, c].forEach((x) => x.model.dispose());
  });

  it('restores from a checkpoint exactly, and resumes with the same Adam state and sampler', async () => {
    const { model } = await trained(2);
    const checkpoint = await model.toCheckpoint();
    const copy = BprMf.fromCheckpoint(structuredClone(checkpoint));
    expect(copy.epochsDone).toBe(2);
    const users = Int32Array.of(0, 1, 2, 3);
    expect(Array.from(await copy.scoreUsers(users))).toEqual(Array.from(await model.scoreUsers(users)));
    const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    await model.trainEpoch(sampler.epoch(model.random));
    await copy.trainEpoch(sampler.epoch(copy.random));
    expect(Array.from(await copy.scoreUsers(users))).toEqual(Array.from(await model.scoreUsers(users)));
    model.dispose();
    copy.dispose();
  });

  it('trains on extra (u, i+, i−) triples alongside the sampled ones', async () => {
    const model = BprMf.create(4, 6, options);
    const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    // Augmentation says: user 0 prefers item 4 over item 5, many times over.
    const n = 30;
    const extra = { user: new Int32Array(n), positive: new Int32Array(n).fill(4), negative: new Int32Array(n).fill(5) };
    const epoch = sampler.epoch(model.random, extra);
    expect(epoch.user.length).toBe(CLUSTERS.length + n);
    expect(epoch.user.filter((u, k) => u === 0 && epoch.positive[k] === 4 && epoch.negative[k] === 5).length).toBe(n);
    for (let e = 0; e < 20; e++) await model.trainEpoch(sampler.epoch(model.random, extra));
    const s = await model.scoreUsers(Int32Array.of(0));
    expect(s[4]).toBeGreaterThan(s[5]!);
    model.dispose();
  });
});

describe('BPR-MF input checks', () => {
  beforeAll(async () => {
    await nodeBackend();
  });

  it('rejects bad options, unknown indices and bad extra triples with typed errors', async () => {
    expect(() => BprMf.create(4, 6, { dim: 0 })).toThrow(/"dim" must be a positive integer/);
    const model = BprMf.create(4, 6, options);
    await expect(model.scoreUsers(Int32Array.of(4))).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
    await expect(model.scorePairs(Int32Array.of(0), Int32Array.of(6))).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
    const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
    const bad = { user: Int32Array.of(0), positive: Int32Array.of(9), negative: Int32Array.of(1) };
    expect(() => sampler.epoch(model.random, bad)).toThrow(RecError);
    expect(() => BprMf.fromCheckpoint({ format: 'other' })).toThrow(/train the model again/);
    model.dispose();
  });
});
