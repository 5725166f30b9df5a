/**
 * Lazy (sparse) Adam on the rows a batch touched. Why not `optimizer.minimize`: the gradient of
 * `tf.gather` w.r.t. a whole embedding table is an UnsortedSegmentSum over every row (the CPU
 * kernel loops over the table: ~52 s/step for 5K items; WASM has no such kernel at all), and dense
 * Adam then rewrites every row. Here the step's gradients are taken w.r.t. the gathered rows only,
 * summed per touched row, and only those rows' weights and moments change — as TF's LazyAdam and
 * PyTorch's SparseAdam do. Untouched rows keep their moments (they do not decay).
 *
 */
import * as tf from '@tensorflow/tfjs';

export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const DEFAULT_ADAM: AdamConfig = { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * Bias-corrected Adam at step t (1-based), folded into two scalars:
 * w − lr·m̂/(√v̂ + ε) = w − stepSize·m/(√v + epsilonHat), with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ).
 */
export function adamScalars(config: AdamConfig, t: number): { stepSize: number; epsilonHat: number } {
  const c2 = Math.sqrt(1 - config.beta2 ** t);
  return { stepSize: (config.lr * c2) / (1 - config.beta1 ** t), epsilonHat: config.epsilon * c2 };
}

// A type alias, not an interface, so it is a `TensorContainer` that `tf.tidy` can return.
export type AdamRows = {
  weights: tf.Tensor2D;
  m: tf.Tensor2D;
  v: tf.Tensor2D;
};

/**
 * New weights and moments of the touched rows, given their current values and their gradient
 * (summed over the batch's samples per row). Call inside `tf.tidy`.
 */
export function lazyAdamRows(rows: AdamRows, grad: tf.Tensor2D, config: AdamConfig, t: number): AdamRows {
  const { stepSize, epsilonHat } = adamScalars(config, t);
  const m = rows.m.mul(config.beta1).add(grad.mul(1 - config.beta1)) as tf.Tensor2D;
  const v = rows.v.mul(config.beta2).add(grad.square().mul(1 - config.beta2)) as tf.Tensor2D;
  const weights = rows.weights.sub(m.mul(stepSize).div(v.sqrt().add(epsilonHat))) as tf.Tensor2D;
  return { weights, m, v };
}
