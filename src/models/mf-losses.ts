/**
 * The two MF losses with their gradients in closed form, w.r.t. the gathered rows of one batch
 * (never w.r.t. a whole table: see lazy-adam.ts for why). Each returns the batch's SUMMED data
 * loss (the L2 term is in the gradients but not in the reported loss: computing it costs several
 * kernels per step and says little) and the gradient of the MEAN objective (data + L2) per sample
 * row. Call inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface BprGradients {
  loss: tf.Scalar;
  /** [B, k] for p_u, q_i+, q_i−. */
  dP: tf.Tensor2D;
  dPositive: tf.Tensor2D;
  dNegative: tf.Tensor2D;
}

/**
 * BPR: ℓ = −ln σ(x) + (λ/2)(‖p‖² + ‖q⁺‖² + ‖q⁻‖²) with x = p·(q⁺ − q⁻).
 * With g = −σ(−x)/B: ∂/∂p = g(q⁺ − q⁻) + (λ/B)p, ∂/∂q⁺ = g·p + (λ/B)q⁺, ∂/∂q⁻ = −g·p + (λ/B)q⁻.
 */
export function bprGradients(p: tf.Tensor2D, qPos: tf.Tensor2D, qNeg: tf.Tensor2D, l2: number): BprGradients {
  const batch = p.shape[0];
  const diff = tf.sub(qPos, qNeg);
  const x = tf.sum(tf.mul(p, diff), 1);
  // softplus(−x) = −ln σ(x), computed stably.
  const loss = tf.sum(tf.softplus(tf.neg(x))) as tf.Scalar;
  const g = tf.expandDims(tf.mul(tf.sigmoid(tf.neg(x)), -1 / batch), 1);
  const gp = tf.mul(g, p);
  const reg = l2 / batch;
  return {
    loss,
    dP: tf.add(tf.mul(g, diff), tf.mul(p, reg)) as tf.Tensor2D,
    dPositive: tf.add(gp, tf.mul(qPos, reg)) as tf.Tensor2D,
    dNegative: tf.add(tf.neg(gp), tf.mul(qNeg, reg)) as tf.Tensor2D,
  };
}

export interface SquaredErrorGradients {
  loss: tf.Scalar;
  dP: tf.Tensor2D;
  dQ: tf.Tensor2D;
}

/**
 * Biased MF regression on extended rows p̃ = [p, b_u, 1], q̃ = [q, 1, b_i], so p̃·q̃ = p·q + b_u + b_i:
 * ℓ = (μ + p̃·q̃ − r)² + (λ/2)(‖p̃ ⊙ mP‖² + ‖q̃ ⊙ mQ‖²), where the masks mP, mQ are 0 on the constant
 * columns (never regularised, never updated) and 1 elsewhere. With e = μ + p̃·q̃ − r:
 * ∂/∂p̃ = (2e/B · q̃ + (λ/B) p̃) ⊙ mP, ∂/∂q̃ = (2e/B · p̃ + (λ/B) q̃) ⊙ mQ.
 */
export function squaredErrorGradients(
  p: tf.Tensor2D,
  q: tf.Tensor2D,
  rating: tf.Tensor1D,
  globalMean: number,
  l2: number,
  maskP: tf.Tensor1D,
  maskQ: tf.Tensor1D,
): SquaredErrorGradients {
  const batch = p.shape[0];
  const pm = tf.mul(p, maskP);
  const qm = tf.mul(q, maskQ);
  const e = tf.sub(tf.add(tf.sum(tf.mul(p, q), 1), globalMean), rating);
  const loss = tf.sum(tf.square(e)) as tf.Scalar;
  const de = tf.expandDims(tf.mul(e, 2 / batch), 1);
  const reg = l2 / batch;
  return {
    loss,
    dP: tf.add(tf.mul(tf.mul(de, q), maskP), tf.mul(pm, reg)) as tf.Tensor2D,
    dQ: tf.add(tf.mul(tf.mul(de, p), maskQ), tf.mul(qm, reg)) as tf.Tensor2D,
  };
}

/** One batch of BPR triples as table rows, and each row's slot in the batch's distinct rows. */
export interface BprBatchRows {
  user: Int32Array;
  positive: Int32Array;
  negative: Int32Array;
  userSlot: Int32Array;
  positiveSlot: Int32Array;
  negativeSlot: Int32Array;
}

/**
 * `bprGradients` on plain arrays, fused with the per-row sum: reads the rows from the table
 * `weights` (row-major, `width` columns) and ADDS each sample's gradients into `grad` at its
 * rows' slots (row s of `grad` = distinct row s; zero it first). Same formula as above
 * (g = −σ(−x)/B). Returns the batch's summed data loss Σ −ln σ(x). The CPU training step (and
 * WASM where the SIMD kernel cannot load) runs this on the table's own memory, through
 * bpr-step.ts `BprStepJs`, the reference the kernel (kernels/bpr-step.as) is tested against.
 */
export function bprGradientsInto(weights: Float32Array, width: number, rows: BprBatchRows, l2: number, grad: Float32Array): number {
  // Locals, not property loads inside the hot loops (this runs ~100K times per epoch).
  const { user, positive, negative, userSlot, positiveSlot, negativeSlot } = rows;
  const batch = user.length;
  const reg = l2 / batch;
  let loss = 0;
  for (let k = 0; k < batch; k++) {
    const pu = user[k]! * width;
    const pi = positive[k]! * width;
    const pj = negative[k]! * width;
    let x = 0;
    for (let c = 0; c < width; c++) x += weights[pu + c]! * (weights[pi + c]! - weights[pj + c]!);
    // softplus(−x) = −ln σ(x), stable on both sides.
    loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
    const g = -1 / batch / (1 + Math.exp(x));
    const gu = userSlot[k]! * width;
    const gi = positiveSlot[k]! * width;
    const gj = negativeSlot[k]! * width;
    for (let c = 0; c < width; c++) {
      const p = weights[pu + c]!;
      const qi = weights[pi + c]!;
      const qj = weights[pj + c]!;
      grad[gu + c] = grad[gu + c]! + g * (qi - qj) + reg * p;
      grad[gi + c] = grad[gi + c]! + g * p + reg * qi;
      grad[gj + c] = grad[gj + c]! - g * p + reg * qj;
    }
  }
  return loss;
}
