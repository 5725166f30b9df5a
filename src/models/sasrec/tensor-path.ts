/**
 * SASRec in TF.js tensor ops, for backends whose memory JavaScript cannot address (WebGPU, WebGL):
 * the same architecture and loss as sasrec-step.ts, on a left-padded [sequences, maxLen] batch
 * with TF.js's autodiff. Padding costs work here (masked out of attention keys and the loss) where
 * the packed path skips it; results are the same. Dropout draws from TF.js's own seeded generator,
 * not the packed path's hash, so only dropout-free runs match the packed path number for number.
 * Autodiff needs tfjs-core's gradient registry, which is not loaded by default: `loadGradients()`
 * before the first step (the packed paths never need it, so WASM and CPU pages never download it).
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamScalars } from '../adam-config.ts';
import { LAYER_NORM_EPSILON } from './ops-js.ts';
import type { PackedBatch } from './packed-batch.ts';
import type { ParamLayout } from './param-layout.ts';
import type { SasRecConfig } from './sasrec-config.ts';

let gradients: Promise<void> | null = null;

/** Registers tfjs-core's gradients (once); the tensor-op step's autodiff needs them. */
export function loadGradients(): Promise<void> {
  gradients ??= import('@tensorflow/tfjs-core/dist/register_all_gradients.js').then(() => undefined);
  return gradients;
}

type PathConfig = Pick<SasRecConfig, 'dim' | 'blocks' | 'heads' | 'dropout' | 'maxLen'>;

/** The packed batch as left-padded [seqs, maxLen] int32 columns (0 = padding); negatives [seqs, maxLen, negatives]. */
export function paddedColumns(batch: PackedBatch, maxLen: number): { input: Int32Array; positive: Int32Array; negative: Int32Array; negatives: number } {
  const k = batch.negatives ?? 1;
  const input = new Int32Array(batch.seqs * maxLen);
  const positive = new Int32Array(batch.seqs * maxLen);
  const negative = new Int32Array(batch.seqs * maxLen * k);
  for (let s = 0; s < batch.seqs; s++) {
    const r0 = batch.seqStart[s]!;
    const n = batch.seqStart[s + 1]! - r0;
    for (let j = 0; j < n; j++) {
      const slot = s * maxLen + maxLen - n + j;
      input[slot] = batch.input[r0 + j]!;
      if (batch.positive) positive[slot] = batch.positive[r0 + j]!;
      if (batch.negative) negative.set(batch.negative.subarray((r0 + j) * k, (r0 + j + 1) * k), slot * k);
    }
  }
  return { input, positive, negative, negatives: k };
}

/** Each parameter as its own tensor, sliced from the flat weights (call inside tf.tidy). */
export function sliceParams(w: tf.Tensor1D, layout: ParamLayout): tf.Tensor[] {
  return layout.slots.map((slot) => tf.reshape(tf.slice(w, slot.offset, slot.size), slot.shape));
}

/** The last layer norm's output, [seqs, maxLen, dim]; `seed` null: no dropout. Call inside tf.tidy. */
export function forwardTensors(params: tf.Tensor[], layout: ParamLayout, config: PathConfig, input: tf.Tensor2D, seed: number | null): tf.Tensor3D {
  const d = config.dim;
  const L = config.maxLen;
  const seqs = input.shape[0];
  const byName = new Map(layout.slots.map((slot, k) => [slot.name, params[k]!]));
  const p = (name: string) => byName.get(name)!;
  let dropCount = 0;
  const drop = <T extends tf.Tensor>(x: T): T => (seed === null || config.dropout === 0 ? x : (tf.dropout(x, config.dropout, undefined, seed + dropCount++) as T));
  const valid = tf.expandDims(tf.cast(tf.greater(input, 0), 'float32'), 2) as tf.Tensor3D;
  // Causal and key-padding mask as an additive bias: 0 where query i may see key j, −1e9 elsewhere.
  const causal = tf.linalg.bandPart(tf.ones([L, L]), -1, 0);
  const allowed = tf.mul(tf.expandDims(causal, 0), tf.reshape(valid, [seqs, 1, L])) as tf.Tensor3D;
  const bias = tf.expandDims(tf.mul(tf.sub(allowed, 1), 1e9), 1);
  const heads = config.heads;
  const dh = d / heads;
  const layerNorm = (x: tf.Tensor3D, gamma: tf.Tensor, beta: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON))), gamma), beta) as tf.Tensor3D;
  };
  const linear = (x: tf.Tensor3D, weight: tf.Tensor, b: tf.Tensor) =>
    tf.reshape(tf.add(tf.matMul(tf.reshape(x, [seqs * L, d]), weight as tf.Tensor2D), b), [seqs, L, d]) as tf.Tensor3D;
  const splitHeads = (x: tf.Tensor3D) => tf.transpose(tf.reshape(x, [seqs, L, heads, dh]), [0, 2, 1, 3]) as tf.Tensor4D;

  let x = tf.add(tf.mul(tf.gather(p('item'), input), Math.sqrt(d)), p('position')) as tf.Tensor3D;
  x = tf.mul(drop(x), valid);
  for (let b = 0; b < config.blocks; b++) {
    const n = (part: string) => p(`b${b}.${part}`);
    const q = layerNorm(x, n('ln1Gamma'), n('ln1Beta'));
    const Q = splitHeads(linear(q, n('wq'), n('bq')));
    const K = splitHeads(linear(x, n('wk'), n('bk')));
    const V = splitHeads(linear(x, n('wv'), n('bv')));
    const scores = tf.add(tf.div(tf.matMul(Q, K, false, true), Math.sqrt(dh)), bias);
    const probs = drop(tf.softmax(scores));
    const O = tf.reshape(tf.transpose(tf.matMul(probs, V), [0, 2, 1, 3]), [seqs, L, d]) as tf.Tensor3D;
    const y = layerNorm(tf.add(q, linear(O, n('wo'), n('bo'))), n('ln2Gamma'), n('ln2Beta'));
    const hidden = tf.relu(drop(linear(y, n('w1'), n('b1')))) as tf.Tensor3D;
    x = tf.mul(tf.add(y, drop(linear(hidden, n('w2'), n('b2')))), valid) as tf.Tensor3D;
  }
  return layerNorm(x, p('finalGamma'), p('finalBeta'));
}

/** Mean BCE over real positions (one positive and the mean over the negatives each); call inside tf.tidy. */
export function lossTensors(params: tf.Tensor[], layout: ParamLayout, config: PathConfig, columns: ReturnType<typeof paddedColumns>, seqs: number, seed: number | null): tf.Scalar {
  const L = config.maxLen;
  const input = tf.tensor2d(columns.input, [seqs, L], 'int32');
  const h = forwardTensors(params, layout, config, input, seed);
  const item = params[layout.slots.findIndex((s) => s.name === 'item')]!;
  const valid = tf.cast(tf.greater(input, 0), 'float32');
  const positive = tf.sum(tf.mul(h, tf.gather(item, tf.tensor2d(columns.positive, [seqs, L], 'int32'))), -1);
  const negative = tf.sum(tf.mul(tf.expandDims(h, 2), tf.gather(item, tf.tensor3d(columns.negative, [seqs, L, columns.negatives], 'int32'))), -1);
  const terms = tf.add(tf.softplus(tf.neg(positive)), tf.mean(tf.softplus(negative), -1));
  return tf.div(tf.sum(tf.mul(terms, valid)), tf.sum(valid)) as tf.Scalar;
}

/**
 * One training step in tensor ops: loss and gradients by autodiff, then dense Adam on the flat
 * vectors. Returns the next weights and moments (the caller disposes the old ones) and the batch's
 * summed loss. Call inside tf.tidy.
 */
export function tensorStep(
  state: { w: tf.Tensor1D; m: tf.Tensor1D; v: tf.Tensor1D },
  layout: ParamLayout,
  config: PathConfig & Pick<SasRecConfig, 'lr' | 'beta1' | 'beta2' | 'epsilon'>,
  batch: PackedBatch,
  seed: number,
  t: number,
): { w: tf.Tensor1D; m: tf.Tensor1D; v: tf.Tensor1D; loss: tf.Scalar } {
  const columns = paddedColumns(batch, config.maxLen);
  const params = sliceParams(state.w, layout);
  const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => lossTensors(ps, layout, config, columns, batch.seqs, seed))(params);
  const grad = flatGradient(grads, layout);
  const { stepSize, epsilonHat } = adamScalars(config, t);
  const m = tf.add(tf.mul(state.m, config.beta1), tf.mul(grad, 1 - config.beta1)) as tf.Tensor1D;
  const v = tf.add(tf.mul(state.v, config.beta2), tf.mul(tf.square(grad), 1 - config.beta2)) as tf.Tensor1D;
  const w = tf.sub(state.w, tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsilonHat))) as tf.Tensor1D;
  return { w, m, v, loss: tf.mul(value, batch.rows) as tf.Scalar };
}

/** The per-parameter gradients as one flat vector in the layout's order (zeros in alignment gaps). */
export function flatGradient(grads: tf.Tensor[], layout: ParamLayout): tf.Tensor1D {
  const parts: tf.Tensor1D[] = [];
  let at = 0;
  layout.slots.forEach((slot, k) => {
    if (slot.offset > at) parts.push(tf.zeros([slot.offset - at]));
    parts.push(tf.reshape(grads[k]!, [slot.size]));
    at = slot.offset + slot.size;
  });
  if (layout.size > at) parts.push(tf.zeros([layout.size - at]));
  return tf.concat(parts);
}
