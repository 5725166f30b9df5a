/**
 * The squared-error gradients of the feature-aware rating model (SVDFeature style): sample k's
 * item vector is composed as Q_k = q̃_k + Σ_j w_kj ã_j over the attribute rows of its item, with
 * w_kj = 1/|A_i| (the mean), so ŷ = μ + p̃·Q. Per sample
 *   ℓ = (μ + p̃·Q − r)² + (λ/2)(‖p̃ ⊙ mP‖² + ‖q̃ ⊙ mQ‖² + Σ_j ρ_kj ‖ã_j ⊙ mQ‖²)
 * with ρ_kj = w_kj / m_j, m_j = the number of items that have attribute j. Why not ρ = w: the L2
 * is per occurrence, so with ρ = w a sample pays as much for its shared attribute row as for its
 * own item row, and the fit splits what items share half-and-half between q_i and a_j: an item
 * with one rating then gets only half of what its director's films share. Dividing by m_j makes
 * an attribute row cost about what one item row costs over an epoch, so shared taste moves into
 * the shared row. With D = ∂(data)/∂Q (`squaredErrorGradients` at the composed vector, λ = 0):
 *   ∂/∂p̃ = D_P + (λ/B) p̃ ⊙ mP,  ∂/∂q̃ = D + (λ/B) q̃ ⊙ mQ,  ∂/∂ã_j = w_kj D + ρ_kj (λ/B) ã_j ⊙ mQ,
 * where e = μ + p̃·Q − r, D_P = (2e/B) Q ⊙ mP and D = (2e/B) p̃ ⊙ mQ. An item without attributes
 * has Q = q̃, and these are plain biased MF's gradients (mf-losses.ts `squaredErrorGradients`).
 * This comment is the one description of the rating model's step; two implementations follow it:
 * `featureSquaredErrorGradients` in tensor ops (GPU backends) and `ratingGradientsInto` in one
 * JavaScript pass over the table's own memory (WASM, CPU; rating-step.ts says which runs where).
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../errors.ts';
import { gatherRows } from './gather-rows.ts';
import { squaredErrorGradients } from './mf-losses.ts';

/** A batch's attribute entries: entry e adds `weight[e]` × attribute row e to sample `sample[e]`. */
export interface AttributeEntries {
  /** [E, 1] int32: the sample (row of p, q) each entry belongs to. */
  sample: tf.Tensor2D;
  /** [E, 1] float32: 1/|A_i| of that sample's item. */
  weight: tf.Tensor2D;
  /** [E, 1] float32: the entry's L2 weight ρ = weight / (items having the attribute). */
  regWeight: tf.Tensor2D;
}

export interface FeatureGradients {
  loss: tf.Scalar;
  dP: tf.Tensor2D;
  dQ: tf.Tensor2D;
  /** [E, width]: one gradient row per entry (the table sums them per attribute row). */
  dAttributes: tf.Tensor2D;
}

/** Q = q + Σ w·a per sample: the composed item vectors ([rows, width]) of `attributes` ([E, width]). */
export function composeRows(q: tf.Tensor2D, attributes: tf.Tensor2D, entries: Pick<AttributeEntries, 'sample' | 'weight'>): tf.Tensor2D {
  return tf.add(q, tf.scatterND(entries.sample, tf.mul(attributes, entries.weight), q.shape)) as tf.Tensor2D;
}

/** Call inside `tf.tidy`. */
export function featureSquaredErrorGradients(
  p: tf.Tensor2D,
  q: tf.Tensor2D,
  attributes: tf.Tensor2D,
  entries: AttributeEntries,
  rating: tf.Tensor1D,
  globalMean: number,
  l2: number,
  maskP: tf.Tensor1D,
  maskQ: tf.Tensor1D,
): FeatureGradients {
  const reg = l2 / p.shape[0];
  const data = squaredErrorGradients(p, composeRows(q, attributes, entries), rating, globalMean, 0, maskP, maskQ);
  return {
    loss: data.loss,
    dP: tf.add(data.dP, tf.mul(tf.mul(p, maskP), reg)) as tf.Tensor2D,
    dQ: tf.add(data.dQ, tf.mul(tf.mul(q, maskQ), reg)) as tf.Tensor2D,
    dAttributes: tf.add(tf.mul(gatherRows(data.dQ, entries.sample), entries.weight), tf.mul(tf.mul(attributes, maskQ), tf.mul(entries.regWeight, reg))) as tf.Tensor2D,
  };
}

/** The model's constants in the gradients above: μ, λ and the column masks of user and item rows. */
export interface RatingTerms {
  globalMean: number;
  l2: number;
  /** 0 on the user rows' constant "1" column, 1 elsewhere. */
  maskP: Float32Array;
  /** 0 on the item (and attribute) rows' constant column, 1 elsewhere. */
  maskQ: Float32Array;
}

/** One batch of ratings as TABLE rows, and each row's slot in the batch's distinct rows (`RowDeduper`). */
export interface RatingBatchRows {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  userSlot: Int32Array;
  itemSlot: Int32Array;
  /** Attribute entries, grouped by sample in sample order (as `attributeEntries` lists them). */
  entrySample: Int32Array;
  /** The entries' attribute table rows. */
  attribute: Int32Array;
  attributeSlot: Int32Array;
  /** w and ρ of each entry (see above). */
  weight: Float32Array;
  regWeight: Float32Array;
}

/**
 * The gradients above on plain arrays, fused with the per-row sum: reads the rows from the table
 * `weights` (row-major, `width` columns) and ADDS each sample's gradients into `grad` at its rows'
 * slots (row s of `grad` = distinct row s; zero it first). Returns the batch's summed data loss
 * Σ e². The composed vector Q is summed in doubles; the tensor path sums it in float32, so the two
 * agree to float32 rounding.
 */
export function ratingGradientsInto(weights: Float32Array, width: number, rows: RatingBatchRows, terms: RatingTerms, grad: Float32Array): number {
  // Locals, not property loads inside the hot loops (this runs ~100K times per epoch).
  const { user, item, rating, userSlot, itemSlot, entrySample, attribute, attributeSlot, weight, regWeight } = rows;
  const { globalMean, maskP, maskQ } = terms;
  const batch = user.length;
  const entries = entrySample.length;
  const reg = terms.l2 / batch;
  const composed = new Float64Array(width);
  let loss = 0;
  let e = 0;
  for (let k = 0; k < batch; k++) {
    const pu = user[k]! * width;
    const qi = item[k]! * width;
    for (let c = 0; c < width; c++) composed[c] = weights[qi + c]!;
    const first = e;
    for (; e < entries && entrySample[e] === k; e++) {
      const a = attribute[e]! * width;
      const w = weight[e]!;
      for (let c = 0; c < width; c++) composed[c] = composed[c]! + w * weights[a + c]!;
    }
    let dot = 0;
    for (let c = 0; c < width; c++) dot += weights[pu + c]! * composed[c]!;
    const err = globalMean + dot - rating[k]!;
    loss += err * err;
    const de = (2 * err) / batch;
    const gu = userSlot[k]! * width;
    const gi = itemSlot[k]! * width;
    for (let c = 0; c < width; c++) {
      const p = weights[pu + c]!;
      grad[gu + c] = grad[gu + c]! + (de * composed[c]! + reg * p) * maskP[c]!;
      grad[gi + c] = grad[gi + c]! + (de * p + reg * weights[qi + c]!) * maskQ[c]!;
    }
    for (let j = first; j < e; j++) {
      const a = attribute[j]! * width;
      const ga = attributeSlot[j]! * width;
      const w = weight[j]! * de;
      const rho = regWeight[j]! * reg;
      for (let c = 0; c < width; c++) grad[ga + c] = grad[ga + c]! + (w * weights[pu + c]! + rho * weights[a + c]!) * maskQ[c]!;
    }
  }
  if (e !== entries) {
    throw new RecError('CONFIG_INVALID', `Attribute entry ${e} belongs to sample ${entrySample[e]}, out of order; list entries by sample (attributeEntries does).`);
  }
  return loss;
}
