import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecError } from '../errors.ts';
import { RowDeduper } from './batch-rows.ts';
import { itemFeatures } from './item-features.ts';
import { RatingMf } from './mf-rating.ts';
import { ratingBatch, RatingStepJs } from './rating-step.ts';
import { meanRating, ratedRows, shuffledRatings } from './rating-rows.ts';
import { beyondTolerance, LARGE_SHAPE_TOLERANCE } from '../../tests/helpers/models/bpr-step-parity.ts';
import { directorRatings } from '../../tests/helpers/models/director-ratings.ts';
import { parityModel, parityRatingBatches, parityTable, RATING_ADAM, runRatingParity } from '../../tests/helpers/models/rating-step-parity.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';

describe.each(['wasm', 'cpu'] as const)('rating step on %s: in place (JS step) against tensor ops', (backend) => {
  beforeAll(async () => {
    await nodeBackend(backend);
  });

  it.each([
    ['plain biased MF', 0],
    ['with attributes', 5],
  ])('%s: one step from identical tables agrees; untouched rows stay bit-identical', async (_, attributes) => {
    const model = parityModel(9, 14, 6, attributes, 2);
    const batches = parityRatingBatches(model, 4, 40, 3);
    if (attributes > 0) expect(batches.every((b) => b.attribute.length > 0 && new Set(b.attribute).size < b.attribute.length)).toBe(true);
    // 40 samples over 9 users and 14 items: rows repeat within every batch.
    for (const b of batches) expect(b.unique.length).toBeLessThan(2 * b.user.length + b.attribute.length);
    const result = await runRatingParity(model, batches);
    expect(result.onTensors).toBe(true);
    expect(result.steps).toBe(4);
    expect(result.untouchedChanged).toBe(0);
    for (const part of ['weights', 'm', 'v', 'loss'] as const) expect(result.relative[part]).toBeLessThan(1e-5);
  });

  it('agrees at the eval shape (dim 64, batch 4096, ~2 attributes per item)', async () => {
    const model = parityModel(600, 3000, 64, 20, 4);
    const result = await runRatingParity(model, parityRatingBatches(model, 2, 4096, 5));
    expect(result.untouchedChanged).toBe(0);
    expect(beyondTolerance(result.relative, LARGE_SHAPE_TOLERANCE)).toEqual([]);
  });

  it('is the path RatingMf trains with, and leaks no tensors', async () => {
    const data = directorRatings({ users: 10, directors: 3, warm: 3 });
    const rows = ratedRows(data.train, Int32Array.from({ length: data.train.length }, (_, k) => k));
    const model = RatingMf.create(data.numUsers, data.numItems, meanRating(rows), { dim: 4, batchSize: 16, lr: 0.05, l2: 0.01, seed: 5 }, itemFeatures(data.items, 'dataset'));
    expect(model.lastStep).toBeNull();
    const tensors = tf.memory().numTensors;
    for (let e = 0; e < 3; e++) await model.trainEpoch(shuffledRatings(rows, model.random));
    expect(model.lastStep?.path).toBe(backend === 'wasm' ? 'wasm-simd' : 'js-in-place');
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });
});

describe('rating step input checks', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('rejects out-of-range users and items before touching the table', async () => {
    const model = RatingMf.create(2, 3, 3, { dim: 2, seed: 1 });
    const before = (await model.toCheckpoint()).table.weights;
    const rows = (user: number, item: number) => ({ user: Int32Array.of(0, user), item: Int32Array.of(0, item), rating: Float32Array.of(4, 2) });
    await expect(model.trainEpoch(rows(2, 0))).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
    await expect(model.trainEpoch(rows(1, 3))).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
    expect((await model.toCheckpoint()).table.weights).toEqual(before);
    model.dispose();
  });

  it('rejects mismatched lengths and attribute entries out of sample order with typed errors', () => {
    const model = parityModel(3, 4, 2, 3, 1);
    const deduper = new RowDeduper(10);
    const none = { sample: new Int32Array(0), feature: new Int32Array(0), weight: new Float32Array(0), regWeight: new Float32Array(0) };
    expect(() => ratingBatch(deduper, Int32Array.of(0, 1), Int32Array.of(3), Float32Array.of(4, 4), none, new Int32Array(0))).toThrow(RecError);
    // Sample 1's entry listed before sample 0's.
    const entries = { sample: Int32Array.of(1, 0), feature: Int32Array.of(0, 1), weight: Float32Array.of(1, 1), regWeight: Float32Array.of(0.5, 0.5) };
    const batch = ratingBatch(deduper, Int32Array.of(0, 1), Int32Array.of(3, 4), Float32Array.of(4, 2), entries, Int32Array.of(7, 8));
    const table = parityTable(model, 1);
    const state = { weights: new Float32Array(table.rows * 4), m: new Float32Array(table.rows * 4), v: new Float32Array(table.rows * 4) };
    table.dispose();
    expect(() => new RatingStepJs().run(state, 4, batch, model.terms, RATING_ADAM, 1)).toThrow(/out of order/);
    expect(state.m.every((x) => x === 0)).toBe(true);
  });
});
