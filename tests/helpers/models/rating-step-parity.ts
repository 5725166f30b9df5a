/**
 * Test helper shared by the Node and browser tests of the rating model's step: runs the same
 * batches through the tensor-op step and the in-place JS step from identical tables, and reports
 * how far they drifted apart (and whether the in-place step ran on the tensors' own memory).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdamConfig } from '../../../src/models/adam-config.ts';
import { RowDeduper } from '../../../src/models/batch-rows.ts';
import { FactorTable, type FactorTableData } from '../../../src/models/factor-table.ts';
import type { RatingTerms } from '../../../src/models/feature-gradients.ts';
import { attributeEntries, itemsPerFeature, noFeatures, type ItemFeatures } from '../../../src/models/item-features.ts';
import { Random } from '../../../src/random.ts';
import { ratingBatch, RatingStepJs, ratingStepTensors, type RatingBatch } from '../../../src/models/rating-step.ts';
import type { RatingStepKernel } from '../../../src/models/kernels/rating-step-kernel.ts';
import { normwise } from './bpr-step-parity.ts';

export const RATING_ADAM: AdamConfig = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** A model layout: `users` + `items` + attribute rows of width dim + 2, and each item's attributes. */
export interface ParityModel {
  users: number;
  items: number;
  dim: number;
  features: ItemFeatures;
  terms: RatingTerms;
}

/**
 * Items with 0–3 of `attributes` attributes each (item 0 always has none, item 1 always three),
 * or `noFeatures` when `attributes` is 0.
 */
export function parityModel(users: number, items: number, dim: number, attributes: number, seed: number): ParityModel {
  const rng = new Random(seed);
  let features = noFeatures(items);
  if (attributes > 0) {
    const offsets = new Int32Array(items + 1);
    const values: number[] = [];
    for (let i = 0; i < items; i++) {
      const count = i === 0 ? 0 : i === 1 ? 3 : rng.int(4);
      const own = new Set<number>();
      while (own.size < Math.min(count, attributes)) own.add(rng.int(attributes));
      values.push(...own);
      offsets[i + 1] = values.length;
    }
    features = { mode: 'dataset', vocabulary: Array.from({ length: attributes }, (_, f) => `genre:g${f}`), offsets, values: Int32Array.from(values) };
  }
  const mask = (zero: number) => Float32Array.from({ length: dim + 2 }, (_, c) => (c === zero ? 0 : 1));
  return { users, items, dim, features, terms: { globalMean: 3.5, l2: 0.2, maskP: mask(dim + 1), maskQ: mask(dim) } };
}

/** The table RatingMf.create would build, but with nonzero attribute rows (their L2 term shows). */
export function parityTable(model: ParityModel, seed: number): FactorTable {
  const { users, items, dim } = model;
  const rows = users + items + model.features.vocabulary.length;
  return FactorTable.random(rows, dim + 2, new Random(seed), 0.1, (row) =>
    row < users ? { [dim + 1]: 1 } : row < users + items ? { [dim]: 1 } : { [dim]: 0 },
  );
}

/** Batches with repeated users, items and attributes (per-row sums matter), ratings 0.5–5. */
export function parityRatingBatches(model: ParityModel, count: number, size: number, seed: number): RatingBatch[] {
  const rng = new Random(seed);
  const perFeature = itemsPerFeature(model.features);
  const deduper = new RowDeduper(model.users + model.items + model.features.vocabulary.length);
  return Array.from({ length: count }, () => {
    const user = Int32Array.from({ length: size }, () => rng.int(model.users));
    const item = Int32Array.from({ length: size }, (_, k) => (k < 2 ? k : rng.int(model.items)));
    const rating = Float32Array.from({ length: size }, () => 0.5 * (1 + rng.int(10)));
    const entries = attributeEntries(model.features, item, perFeature);
    const attribute = Int32Array.from(entries.feature, (f) => f + model.users + model.items);
    return ratingBatch(deduper, user, Int32Array.from(item, (i) => i + model.users), rating, entries, attribute);
  });
}

/** One way to take a step: from a table's state to the next state and the batch's summed loss. */
export type RatingStepRunner = (start: FactorTableData, model: ParityModel, batch: RatingBatch, t: number) => Promise<{ out: FactorTableData; loss: number; onTensors: boolean }>;

/** Tensor ops on the active backend's tensors. */
export const tensorOps: RatingStepRunner = async (start, model, batch, t) => {
  const table = FactorTable.fromData(start);
  try {
    const loss = tf.tidy(() => ratingStepTensors(table, batch, model.terms, RATING_ADAM, t));
    const value = (await loss.data())[0]!;
    loss.dispose();
    return { out: await table.toData(), loss: value, onTensors: true };
  } finally {
    table.dispose();
  }
};

/** The JS step: on the tensors' own memory where the backend allows (WASM, CPU), else on plain copies. */
export function jsStep(): RatingStepRunner {
  const js = new RatingStepJs();
  return async (start, model, batch, t) => {
    const table = FactorTable.fromData(start);
    try {
      let loss = 0;
      const onTensors = table.updateInPlace((state) => (loss = js.run(state, table.width, batch, model.terms, RATING_ADAM, t)));
      if (onTensors) return { out: await table.toData(), loss, onTensors: true };
      const out = { ...start, weights: start.weights.slice(), m: start.m.slice(), v: start.v.slice() };
      return { out, loss: js.run(out, model.dim + 2, batch, model.terms, RATING_ADAM, t), onTensors: false };
    } finally {
      table.dispose();
    }
  };
}

/** The SIMD kernel on the TF.js WASM backend's tensors (throws if it cannot run there). */
export function simdKernel(kernel: RatingStepKernel): RatingStepRunner {
  return async (start, model, batch, t) => {
    const table = FactorTable.fromData(start);
    try {
      const ran = { loss: null as number | null };
      table.updateInPlace((state) => {
        ran.loss = kernel.run(state, model.dim + 2, batch, model.terms, RATING_ADAM, t);
      });
      if (ran.loss === null) throw new Error('the kernel did not run on the TF.js heap');
      return { out: await table.toData(), loss: ran.loss, onTensors: true };
    } finally {
      table.dispose();
    }
  };
}

export interface RatingParityResult {
  /** Worst normwise relative difference (max |b − a| / max |a|) per array over the steps. */
  relative: { weights: number; m: number; v: number; loss: number };
  /** Values outside the batches' rows that changed, on either path (must be 0). */
  untouchedChanged: number;
  /** Whether `b` ran on the TF.js tensors' memory at every step. */
  onTensors: boolean;
  steps: number;
}

/**
 * Runs `batches` as Adam steps t = 1, 2, … through `a` and `b` from the same state before each step
 * (so differences do not compound); the run continues from `a`'s result. Default: tensor ops
 * against the JS step.
 */
export async function runRatingParity(model: ParityModel, batches: RatingBatch[], a: RatingStepRunner = tensorOps, b: RatingStepRunner = jsStep(), seed = 11): Promise<RatingParityResult> {
  const table = parityTable(model, seed);
  let state = await table.toData();
  table.dispose();
  const width = model.dim + 2;
  const worst = { weights: 0, m: 0, v: 0, loss: 0 };
  let untouchedChanged = 0;
  let onTensors = true;
  for (const [s, batch] of batches.entries()) {
    const t = s + 1;
    const ra = await a(state, model, batch, t);
    const rb = await b(state, model, batch, t);
    onTensors &&= rb.onTensors;
    for (const part of ['weights', 'm', 'v'] as const) worst[part] = Math.max(worst[part], normwise(rb.out[part], ra.out[part]));
    worst.loss = Math.max(worst.loss, Math.abs(rb.loss - ra.loss) / Math.abs(ra.loss));
    const touched = new Set(batch.unique);
    for (let row = 0; row < state.rows; row++) {
      if (touched.has(row)) continue;
      for (let k = row * width; k < (row + 1) * width; k++) {
        for (const part of ['weights', 'm', 'v'] as const) {
          for (const out of [ra.out, rb.out]) if (!Object.is(out[part][k], state[part][k])) untouchedChanged++;
        }
      }
    }
    state = ra.out;
  }
  return { relative: worst, untouchedChanged, onTensors, steps: batches.length };
}
