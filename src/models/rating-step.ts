/**
 * One training step of the rating model (biased MF, with or without item attributes: mf-rating.ts).
 * Three paths, same math (the formulas: feature-gradients.ts); `RatingMf.lastStep` says which ran:
 * - 'wasm-simd' (WASM): one WebAssembly SIMD kernel call per step on the tables' own memory
 *   (kernels/rating-step-kernel.ts), the next path's pass in f32x4 lanes;
 * - 'js-in-place' (CPU, or WASM where the kernel cannot load): one JavaScript pass over the
 *   table's own memory (`FactorTable.updateInPlace`): `ratingGradientsInto` sums each touched
 *   row's gradient, then `lazyAdamInPlace` updates those rows. The reference the kernel is tested
 *   against. Why in place at all: the tensor-op step runs dozens of small kernels and copies the
 *   weights and both moment tables every step (`tensorScatterUpdate`), which was most of an epoch
 *   (ml-latest-small, WASM: 0.14–0.16 s/epoch with tensor ops, ~0.025 with the kernel);
 * - 'webgpu-fused' (WebGPU): the same pass as WGSL kernels on the tables' own GPU buffers, one
 *   submission per step (webgpu/gpu-train-step.ts);
 * - 'tensor-ops' (WebGL, or WebGPU with the fused kernels off: buffers JavaScript cannot address):
 *   gather the rows, closed-form gradients, `FactorTable.update` sums them per row.
 * What every path needs from the host (table rows, attribute entries, the distinct rows and each
 * sample row's slot among them) is prepared once, by `ratingBatch`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../errors.ts';
import type { AdamConfig } from './adam-config.ts';
import { gatherRows } from './gather-rows.ts';
import type { RowDeduper } from './batch-rows.ts';
import type { FactorTable } from './factor-table.ts';
import { featureSquaredErrorGradients, ratingGradientsInto, type RatingBatchRows, type RatingTerms } from './feature-gradients.ts';
import type { HostEntries } from './item-features.ts';
import { lazyAdamInPlace, type AdamArrays } from './lazy-adam.ts';
import { squaredErrorGradients } from './mf-losses.ts';

/** A prepared batch: its rows and slots, and the distinct table rows it touches. */
export interface RatingBatch extends RatingBatchRows {
  unique: Int32Array;
}

/**
 * The batch of ratings (`user`, `item` and `attribute` as TABLE rows; `entries` from
 * `attributeEntries` of the batch's items) with its distinct rows, deduplicated by `deduper`.
 */
export function ratingBatch(deduper: RowDeduper, user: Int32Array, item: Int32Array, rating: Float32Array, entries: HostEntries, attribute: Int32Array): RatingBatch {
  if (item.length !== user.length || rating.length !== user.length || attribute.length !== entries.sample.length) {
    throw new RecError(
      'CONFIG_INVALID',
      `A rating batch needs as many items and ratings as users (${user.length}, ${item.length}, ${rating.length}) and one attribute row per entry.`,
    );
  }
  const { unique, local } = deduper.dedupe(user, item, attribute);
  return {
    user,
    item,
    rating,
    userSlot: local[0]!,
    itemSlot: local[1]!,
    entrySample: entries.sample,
    attribute,
    attributeSlot: local[2]!,
    weight: entries.weight,
    regWeight: entries.regWeight,
    unique,
  };
}

/**
 * Throws UNKNOWN_USER/UNKNOWN_ITEM/CONFIG_INVALID unless every row of `batch` lies in a `rows`-row
 * table, every slot in its distinct rows, and the attribute entries are grouped by sample in order.
 * The in-place paths check first: the JS loops would read `undefined` (NaN weights), and the SIMD
 * kernel has no bounds checks, so a stray row would overwrite TF.js's heap.
 */
export function checkRatingBatch(batch: RatingBatch, rows: number): void {
  const n = batch.user.length;
  const entries = batch.entrySample.length;
  const sizes = [batch.item, batch.rating, batch.userSlot, batch.itemSlot].map((a) => a.length);
  const entrySizes = [batch.attribute, batch.attributeSlot, batch.weight, batch.regWeight].map((a) => a.length);
  if (sizes.some((s) => s !== n) || entrySizes.some((s) => s !== entries)) {
    throw new RecError('CONFIG_INVALID', `A rating batch needs ${n} of every per-sample array and ${entries} of every per-entry array; build it with ratingBatch.`);
  }
  const tableRows: [Int32Array, 'UNKNOWN_USER' | 'UNKNOWN_ITEM', string][] = [
    [batch.user, 'UNKNOWN_USER', 'Rating'],
    [batch.item, 'UNKNOWN_ITEM', 'Rating'],
    [batch.attribute, 'UNKNOWN_ITEM', 'Attribute entry'],
    [batch.unique, 'UNKNOWN_ITEM', 'Distinct row'],
  ];
  for (const [list, code, what] of tableRows) {
    const k = firstOutside(list, rows);
    if (k >= 0) throw new RecError(code, `${what} ${k} names table row ${list[k]}; the table has rows 0..${rows - 1}.`);
  }
  const slots = batch.unique.length;
  for (const list of [batch.userSlot, batch.itemSlot, batch.attributeSlot]) {
    const k = firstOutside(list, slots);
    if (k >= 0) throw new RecError('CONFIG_INVALID', `Slot ${list[k]} is outside the batch's ${slots} distinct rows; build the batch with ratingBatch.`);
  }
  const sample = batch.entrySample;
  for (let e = 0; e < entries; e++) {
    const s = sample[e]!;
    if (!(s >= 0 && s < n) || (e > 0 && s < sample[e - 1]!)) {
      throw new RecError('CONFIG_INVALID', `Attribute entry ${e} belongs to sample ${s}, out of order; list entries by sample (attributeEntries does).`);
    }
  }
}

/** The first position whose value is outside 0..limit-1, or -1 (a tight loop: this runs every step). */
function firstOutside(list: Int32Array, limit: number): number {
  for (let k = 0; k < list.length; k++) {
    // One unsigned comparison covers both ends.
    if (list[k]! >>> 0 >= limit) return k;
  }
  return -1;
}

/** The step in tensor ops (any backend); returns the batch's summed data loss. Call inside `tf.tidy`. */
export function ratingStepTensors(table: FactorTable, batch: RatingBatch, terms: RatingTerms, adam: AdamConfig, t: number): tf.Scalar {
  const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
  const n = batch.user.length;
  const slots = new Int32Array(2 * n + batch.attribute.length);
  slots.set(batch.userSlot, 0);
  slots.set(batch.itemSlot, n);
  slots.set(batch.attributeSlot, 2 * n);
  const w = table.weights();
  const p = gatherRows(w, column(batch.user));
  const q = gatherRows(w, column(batch.item));
  const args = [tf.tensor1d(batch.rating, 'float32'), terms.globalMean, terms.l2, tf.tensor1d(terms.maskP), tf.tensor1d(terms.maskQ)] as const;
  if (batch.attribute.length === 0) {
    // No attributes in this batch (or none at all): plain biased MF, kernel for kernel.
    const { loss, dP, dQ } = squaredErrorGradients(p, q, ...args);
    table.update(batch.unique, slots, tf.concat([dP, dQ], 0) as tf.Tensor2D, adam, t);
    return loss;
  }
  const perEntry = (values: Float32Array) => tf.tensor2d(values, [values.length, 1]);
  const entries = { sample: column(batch.entrySample), weight: perEntry(batch.weight), regWeight: perEntry(batch.regWeight) };
  const g = featureSquaredErrorGradients(p, q, gatherRows(w, column(batch.attribute)), entries, ...args);
  table.update(batch.unique, slots, tf.concat([g.dP, g.dQ, g.dAttributes], 0) as tf.Tensor2D, adam, t);
  return g.loss;
}

/** The in-place JS step (the reference the kernel is tested against), with its reusable gradient scratch. */
export class RatingStepJs {
  private grad = new Float32Array(0);

  /** The step on `state` ([rows, width] row-major views), in place; returns the batch's summed data loss. */
  run(state: AdamArrays, width: number, batch: RatingBatch, terms: RatingTerms, adam: AdamConfig, t: number): number {
    checkRatingBatch(batch, state.weights.length / width);
    const size = batch.unique.length * width;
    if (this.grad.length < size) this.grad = new Float32Array(size);
    const grad = this.grad.subarray(0, size);
    grad.fill(0);
    const loss = ratingGradientsInto(state.weights, width, batch, terms, grad);
    lazyAdamInPlace(state, width, batch.unique, grad, adam, t);
    return loss;
  }
}
