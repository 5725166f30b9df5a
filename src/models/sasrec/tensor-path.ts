/**
 * SASRec in TF.js tensor ops, for backends whose memory JavaScript cannot address (WebGPU, WebGL):
 * the same architecture and loss as sasrec-step.ts, on a left-padded [sequences, maxLen] batch
 * with TF.js's autodiff. Padding costs work here (masked out of attention keys and the loss) where
 * the packed path skips it; results are the same. Dropout draws from TF.js's own seeded generator,
 * not the packed path's hash, so only dropout-free runs match the packed path number for number.
 */
import * as tf from '@tensorflow/tfjs';
import { adamScalars } from '../adam-config.ts';
import { LAYER_NORM_EPSILON } from './ops-js.ts';
import type { PackedBatch } from './packed-batch.ts';
import type { ParamLayout } from './param-layout.ts';
import type { SasRecConfig } from './sasrec-config.ts';

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
  return layout.slots.map((slot) => w.slice(slot.offset, slot.size).reshape(slot.shape));
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
  const valid = input.greater(0).cast('float32').expandDims(2) as tf.Tensor3D;
  // Causal and key-padding mask as an additive bias: 0 where query i may see key j, −1e9 elsewhere.
  const causal = tf.linalg.bandPart(tf.ones([L, L]), -1, 0);
  const allowed = causal.expandDims(0).mul(valid.reshape([seqs, 1, L])) as tf.Tensor3D;
  const bias = allowed.sub(1).mul(1e9).expandDims(1);
  const heads = config.heads;
  const dh = d / heads;
  const layerNorm = (x: tf.Tensor3D, gamma: tf.Tensor, beta: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).div(variance.add(LAYER_NORM_EPSILON).sqrt()).mul(gamma).add(beta) as tf.Tensor3D;
  };
  const linear = (x: tf.Tensor3D, weight: tf.Tensor, b: tf.Tensor) =>
    x.reshape([seqs * L, d]).matMul(weight as tf.Tensor2D).add(b).reshape([seqs, L, d]) as tf.Tensor3D;
  const splitHeads = (x: tf.Tensor3D) => x.reshape([seqs, L, heads, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D;

  let x = tf.gather(p('item'), input).mul(Math.sqrt(d)).add(p('position')) as tf.Tensor3D;
  x = drop(x).mul(valid);
  for (let b = 0; b < config.blocks; b++) {
    const n = (part: string) => p(`b${b}.${part}`);
    const q = layerNorm(x, n('ln1Gamma'), n('ln1Beta'));
    const Q = splitHeads(linear(q, n('wq'), n('bq')));
    const K = splitHeads(linear(x, n('wk'), n('bk')));
    const V = splitHeads(linear(x, n('wv'), n('bv')));
    const scores = tf.matMul(Q, K, false, true).div(Math.sqrt(dh)).add(bias);
    const probs = drop(tf.softmax(scores));
    const O = tf.matMul(probs, V).transpose([0, 2, 1, 3]).reshape([seqs, L, d]) as tf.Tensor3D;
    const y = layerNorm(q.add(linear(O, n('wo'), n('bo'))), n('ln2Gamma'), n('ln2Beta'));
    const hidden = drop(linear(y, n('w1'), n('b1'))).relu() as tf.Tensor3D;
    x = y.add(drop(linear(hidden, n('w2'), n('b2')))).mul(valid) as tf.Tensor3D;
  }
  return layerNorm(x, p('finalGamma'), p('finalBeta'));
}

/** Mean BCE over real positions (one positive and the mean over the negatives each); call inside tf.tidy. */
export function lossTensors(params: tf.Tensor[], layout: ParamLayout, config: PathConfig, columns: ReturnType<typeof paddedColumns>, seqs: number, seed: number | null): tf.Scalar {
  const L = config.maxLen;
  const input = tf.tensor2d(columns.input, [seqs, L], 'int32');
  const h = forwardTensors(params, layout, config, input, seed);
  const item = params[layout.slots.findIndex((s) => s.name === 'item')]!;
  const valid = input.greater(0).cast('float32');
  const positive = h.mul(tf.gather(item, tf.tensor2d(columns.positive, [seqs, L], 'int32'))).sum(-1);
  const negative = h.expandDims(2).mul(tf.gather(item, tf.tensor3d(columns.negative, [seqs, L, columns.negatives], 'int32'))).sum(-1);
  const terms = tf.softplus(positive.neg()).add(tf.softplus(negative).mean(-1));
  return terms.mul(valid).sum().div(valid.sum()) as tf.Scalar;
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
  const m = state.m.mul(config.beta1).add(grad.mul(1 - config.beta1)) as tf.Tensor1D;
  const v = state.v.mul(config.beta2).add(grad.square().mul(1 - config.beta2)) as tf.Tensor1D;
  const w = state.w.sub(m.mul(stepSize).div(v.sqrt().add(epsilonHat))) as tf.Tensor1D;
  return { w, m, v, loss: value.mul(batch.rows) as tf.Scalar };
}

/** The per-parameter gradients as one flat vector in the layout's order (zeros in alignment gaps). */
export function flatGradient(grads: tf.Tensor[], layout: ParamLayout): tf.Tensor1D {
  const parts: tf.Tensor1D[] = [];
  let at = 0;
  layout.slots.forEach((slot, k) => {
    if (slot.offset > at) parts.push(tf.zeros([slot.offset - at]));
    parts.push(grads[k]!.reshape([slot.size]));
    at = slot.offset + slot.size;
  });
  if (layout.size > at) parts.push(tf.zeros([layout.size - at]));
  return tf.concat(parts);
}
