/**
 * Lazy (sparse) Adam on the rows a batch touched. Why not `optimizer.minimize`: the gradient of
 * `tf.gather` w.r.t. a whole embedding table is an UnsortedSegmentSum over every row (the CPU
 * kernel loops over the table: ~52 s/step for 5K items; WASM has no such kernel at all), and dense
 * Adam then rewrites every row. Here the step's gradients are taken w.r.t. the gathered rows only,
 * summed per touched row, and only those rows' weights and moments change — as TF's LazyAdam and
 * PyTorch's SparseAdam do. Untouched rows keep their moments (they do not decay).
 *
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamScalars, type AdamConfig } from './adam-config.ts';

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
  const m = tf.add(tf.mul(rows.m, config.beta1), tf.mul(grad, 1 - config.beta1)) as tf.Tensor2D;
  const v = tf.add(tf.mul(rows.v, config.beta2), tf.mul(tf.square(grad), 1 - config.beta2)) as tf.Tensor2D;
  const weights = tf.sub(rows.weights, tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsilonHat))) as tf.Tensor2D;
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
 * `unique[s]`); no other row changes. The CPU backend (and WASM where the SIMD kernel cannot
 * load) runs this on the tensors' own memory (in-place-arrays.ts), so no table is copied;
 * kernels/bpr-step.as and kernels/rating-step.as do the same in f32x4 lanes.
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
