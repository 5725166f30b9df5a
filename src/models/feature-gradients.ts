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
 *   ∂/∂p̃ = D_P + (λ/B) p̃ ⊙ mP,  ∂/∂q̃ = D + (λ/B) q̃ ⊙ mQ,  ∂/∂ã_j = w_kj D + ρ_kj (λ/B) ã_j ⊙ mQ.
 * Call inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows } from './backend.ts';
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
  return q.add(tf.scatterND(entries.sample, attributes.mul(entries.weight), q.shape)) as tf.Tensor2D;
}

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
    dP: data.dP.add(p.mul(maskP).mul(reg)) as tf.Tensor2D,
    dQ: data.dQ.add(q.mul(maskQ).mul(reg)) as tf.Tensor2D,
    dAttributes: gatherRows(data.dQ, entries.sample).mul(entries.weight).add(attributes.mul(maskQ).mul(entries.regWeight.mul(reg))) as tf.Tensor2D,
  };
}
