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

/** A table's weights and moments as flat row-major arrays (views the update writes into). */
export interface AdamArrays {
  weights: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/**
 * The same step as `lazyAdamRows`, on plain arrays and IN PLACE: rows `unique` of weights, m and v
 * take one lazy-Adam step with the summed gradient `grad` (row s of `grad` is table row
 * `unique[s]`); no other row changes. The WASM and CPU backends run this on the tensors' own
 * memory (backend.ts `inPlaceArrays`), so no table is copied.
 */
export function lazyAdamInPlace(state: AdamArrays, width: number, unique: Int32Array, grad: Float32Array, config: AdamConfig, t: number): void {
  const { stepSize, epsilonHat } = adamScalars(config, t);
  const { beta1, beta2 } = config;
  const { weights, m, v } = state;
  for (let s = 0; s < unique.length; s++) {
    const row = unique[s]! * width;
    const from = s * width;
    for (let c = 0; c < width; c++) {
      const g = grad[from + c]!;
      const at = row + c;
      const mt = beta1 * m[at]! + (1 - beta1) * g;
      const vt = beta2 * v[at]! + (1 - beta2) * g * g;
      m[at] = mt;
      v[at] = vt;
      weights[at] = weights[at]! - (stepSize * mt) / (Math.sqrt(vt) + epsilonHat);
    }
  }
}
