import { beforeAll, describe, expect, it } from 'vitest';
import { itemFeatures } from '../item-features.ts';
import { RatingMf } from '../mf-rating.ts';
import { ratingBatch } from '../rating-step.ts';
import { meanRating, ratedRows, shuffledRatings } from '../rating-rows.ts';
import { RowDeduper } from '../batch-rows.ts';
import { beyondTolerance, LARGE_SHAPE_TOLERANCE } from '../../../tests/helpers/models/bpr-step-parity.ts';
import { directorRatings } from '../../../tests/helpers/models/director-ratings.ts';
import { jsStep, parityModel, parityRatingBatches, RATING_ADAM, runRatingParity, simdKernel, tensorOps } from '../../../tests/helpers/models/rating-step-parity.ts';
import { standaloneHeap, strayWrites } from '../../../tests/helpers/models/standalone-heap.ts';
import { nodeBackend } from '../../../tests/helpers/models/use-node-backend.ts';
import { RatingStepKernel, ratingStepKernel } from './rating-step-kernel.ts';

function loaded(): RatingStepKernel {
  const kernel = ratingStepKernel();
  if ('unavailable' in kernel) throw new Error(kernel.unavailable);
  return kernel;
}

describe('rating step kernel (WebAssembly SIMD) on the TF.js WASM heap', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it.each([
    ['plain biased MF', 0],
    ['with attributes', 5],
  ])('%s: agrees with the JS step and with tensor ops, step by step from identical tables', async (_, attributes) => {
    // dim 6: width 8 is all lanes; dim 5: width 7, three lanes' worth of tail.
    for (const dim of [6, 5]) {
      const model = parityModel(9, 14, dim, attributes, 2);
      const batches = parityRatingBatches(model, 4, 40, 3);
      for (const reference of [jsStep(), tensorOps]) {
        const result = await runRatingParity(model, batches, reference, simdKernel(loaded()));
        expect(result.untouchedChanged).toBe(0);
        for (const part of ['weights', 'm', 'v', 'loss'] as const) expect(result.relative[part]).toBeLessThan(1e-5);
      }
    }
  });

  it('agrees with the JS step at the eval shape (dim 64, batch 4096, ~2 attributes per item)', async () => {
    const model = parityModel(600, 3000, 64, 20, 4);
    const result = await runRatingParity(model, parityRatingBatches(model, 2, 4096, 5), jsStep(), simdKernel(loaded()));
    expect(result.untouchedChanged).toBe(0);
    expect(beyondTolerance(result.relative, LARGE_SHAPE_TOLERANCE)).toEqual([]);
  });

  it('is the path RatingMf trains with on WASM; the CPU backend takes the JS step and says why', async () => {
    const train = async () => {
      const data = directorRatings({ users: 10, directors: 3, warm: 3 });
      const rows = ratedRows(data.train, Int32Array.from({ length: data.train.length }, (_, k) => k));
      const model = RatingMf.create(data.numUsers, data.numItems, meanRating(rows), { dim: 8, batchSize: 16, lr: 0.05, l2: 0.01, seed: 5 }, itemFeatures(data.items, 'dataset'));
      for (let e = 0; e < 5; e++) await model.trainEpoch(shuffledRatings(rows, model.random));
      const out = { step: model.lastStep, scores: await model.scoreUsers(Int32Array.from({ length: data.numUsers }, (_, u) => u)) };
      model.dispose();
      return out;
    };
    const simd = await train();
    await nodeBackend('cpu');
    const js = await train();
    await nodeBackend('wasm');
    expect(simd.step).toEqual({ path: 'wasm-simd' });
    expect(js.step).toEqual({ path: 'js-in-place', kernelUnavailable: 'the active TF.js backend is cpu, not wasm' });
    simd.scores.forEach((x, k) => expect(x).toBeCloseTo(js.scores[k]!, 4));
  });
});

describe.each([false, true])('rating step kernel on a standalone memory (shared: %s)', (shared) => {
  const width = 7;
  function setup() {
    const heap = standaloneHeap(shared);
    const kernel = RatingStepKernel.load(heap);
    if ('unavailable' in kernel) throw new Error(kernel.unavailable);
    const rows = 12;
    const part = () => new Float32Array(heap.memory.buffer, heap.malloc(rows * width * 4), rows * width);
    const state = { weights: part(), m: part(), v: part() };
    state.weights.forEach((_, k) => (state.weights[k] = (k % 2 ? -1 : 1) * 0.01 * (k % 17)));
    state.m.fill(0.001);
    state.v.fill(0.0001);
    return { heap, kernel, state, rows };
  }
  // A [12, 7] table: users 0–2, items 3–8, attributes 9–11 (dim 5, width 7).
  const model = parityModel(3, 6, 5, 3, 1);
  const entries = { sample: Int32Array.of(1, 1), feature: Int32Array.of(0, 2), weight: Float32Array.of(0.5, 0.5), regWeight: Float32Array.of(0.25, 0.5) };
  const batchOf = (user: Int32Array, item: Int32Array) =>
    ratingBatch(new RowDeduper(12), user, item, Float32Array.of(4, 2, 5), entries, Int32Array.of(9, 11));

  it('leaves untouched rows bit-identical and writes no byte outside the touched rows and its scratch', () => {
    const { heap, kernel, state } = setup();
    // Users 0, 2; items at rows 4, 6; attributes 9, 11: rows 1, 3, 5, 7, 8, 10 stay untouched.
    const batch = batchOf(Int32Array.of(0, 2, 0), Int32Array.of(4, 6, 4));
    const touched = new Set([0, 2, 4, 6, 9, 11]);
    expect(strayWrites(heap, state, width, touched, () => {
      for (let t = 1; t <= 3; t++) expect(kernel.run(state, width, batch, model.terms, RATING_ADAM, t)).toBeGreaterThan(0);
    })).toEqual([]);
    // The touched rows did change (the test would pass vacuously otherwise).
    for (const row of touched) expect(Array.from(state.m.subarray(row * width, (row + 1) * width))).not.toEqual(new Array(width).fill(Math.fround(0.001)));
  });

  it('rejects rows outside the table with a typed error and changes nothing', () => {
    const { kernel, state } = setup();
    const before = state.weights.slice();
    expect(() => kernel.run(state, width, batchOf(Int32Array.of(0, 12, 1), Int32Array.of(4, 5, 6)), model.terms, RATING_ADAM, 1)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_USER' }),
    );
    expect(() => kernel.run(state, width, batchOf(Int32Array.of(0, 1, 2), Int32Array.of(4, -1, 6)), model.terms, RATING_ADAM, 1)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_ITEM' }),
    );
    expect(Array.from(state.weights)).toEqual(Array.from(before));
  });

  it('returns null (and changes nothing) for arrays outside its memory', () => {
    const { kernel } = setup();
    const state = { weights: new Float32Array(12 * width).fill(0.5), m: new Float32Array(12 * width), v: new Float32Array(12 * width) };
    expect(kernel.run(state, width, batchOf(Int32Array.of(0, 1, 2), Int32Array.of(4, 5, 6)), model.terms, RATING_ADAM, 1)).toBeNull();
    expect(state.weights.every((x) => x === 0.5)).toBe(true);
  });
});
