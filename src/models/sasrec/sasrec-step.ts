/**
 * One SASRec training step, and the forward pass alone (scoring), composed from the primitive
 * operations of sasrec-ops.ts over a packed batch: the same code drives the JavaScript ops and the
 * SIMD kernel. Backpropagation is written out by hand (no tape): each line of `backward` undoes
 * one line of `forward`, in reverse order.
 *
 * The architecture (Kang & McAuley 2018, as in the PyTorch port most papers run):
 *   x₀ = dropout(E[item]·√d + P[position])
 *   per block: q = LN₁(x); a = Attention(Q = q·Wq + bq, K = x·Wk + bk, V = x·Wv + bv)·Wo + bo
 *              y = LN₂(q + a); x' = y + dropout(relu(dropout(y·W₁ + b₁))·W₂ + b₂)
 *   h = LN_F(x_last); loss = mean over positions of softplus(−h·E[next]) + mean over its negatives of softplus(h·E[negative])
 * Causal attention within each sequence; padding does not exist in the packed layout, so neither
 * padded keys nor padded queries cost anything.
 */
import { RecError } from '../../errors.ts';
import { adamScalars } from '../adam-config.ts';
import type { PackedBatch } from './packed-batch.ts';
import type { ParamLayout } from './param-layout.ts';
import type { SasRecConfig } from './sasrec-config.ts';
import type { Dropout, SasRecOps } from './sasrec-ops.ts';
import type { ArenaLayout } from './step-arena.ts';

/** Element offsets of the weights and Adam's moments (each `layout.size` floats) in the ops' memory. */
export interface ParamBuffers {
  w: number;
  m: number;
  v: number;
}

type StepConfig = Pick<SasRecConfig, 'dim' | 'blocks' | 'heads' | 'dropout' | 'maxLen' | 'negatives'>;

/**
 * Copies the batch's integer columns into the arena; returns the attention probabilities per block.
 * A training batch must carry the model's `negatives` per row: the arena and the loss are sized by it.
 */
export function writeBatch(I: Int32Array, at: ArenaLayout, batch: PackedBatch, config: Pick<SasRecConfig, 'heads' | 'negatives'>): number {
  if (batch.negative && (batch.negatives ?? 1) !== config.negatives) {
    throw new RecError(
      'CONFIG_INVALID',
      `The batch carries ${batch.negatives ?? 1} negative(s) per position, the model ${config.negatives}; pack training batches with the model's config.negatives.`,
    );
  }
  const heads = config.heads;
  I.set(batch.seqStart, at.seqStart);
  let probs = 0;
  for (let s = 0; s < batch.seqs; s++) {
    I[at.probStart + s] = probs;
    const n = batch.seqStart[s + 1]! - batch.seqStart[s]!;
    probs += (heads * n * (n + 1)) / 2;
  }
  I[at.probStart + batch.seqs] = probs;
  I.set(batch.input, at.input);
  I.set(batch.position, at.position);
  if (batch.positive) I.set(batch.positive, at.positive);
  if (batch.negative) I.set(batch.negative, at.negative);
  return probs;
}

/** Dropout streams: one per site, distinct per block. */
const stream = { embed: 0, attention: (b: number) => 1 + 3 * b, ffn1: (b: number) => 2 + 3 * b, ffn2: (b: number) => 3 + 3 * b };

/** Runs the forward pass; the last layer norm's output is at `at.hF`. `seed` < 0: no dropout (inference). */
export function forward(ops: SasRecOps, at: ArenaLayout, w: number, layout: ParamLayout, config: StepConfig, batch: { seqs: number; rows: number }, seed: number): void {
  const d = config.dim;
  const n = batch.rows * d;
  const drop = (s: number): Dropout => ({ rate: seed < 0 ? 0 : config.dropout, seed: seed < 0 ? 0 : seed, stream: s });
  ops.embed(w + layout.item, w + layout.position, at.input, at.position, at.x[0]!, batch.rows, d, Math.sqrt(d), drop(stream.embed));
  for (let b = 0; b < config.blocks; b++) {
    const p = layout.blocks[b]!;
    const B = at.blocks[b]!;
    const x = at.x[b]!;
    ops.layerNorm(x, w + p.ln1Gamma, w + p.ln1Beta, B.xhat1, B.rstd1, B.q, batch.rows, d);
    ops.matmul(B.q, w + p.wq, w + p.bq, B.Q, batch.rows, d, d, false);
    ops.matmul(x, w + p.wk, w + p.bk, B.K, batch.rows, d, d, false);
    ops.matmul(x, w + p.wv, w + p.bv, B.V, batch.rows, d, d, false);
    ops.attention(B.Q, B.K, B.V, B.probs, B.O, at.seqStart, at.probStart, batch.seqs, d, config.heads, drop(stream.attention(b)), at.attention);
    ops.matmul(B.O, w + p.wo, w + p.bo, at.tmp, batch.rows, d, d, false);
    ops.add(B.q, at.tmp, at.tmp, n);
    ops.layerNorm(at.tmp, w + p.ln2Gamma, w + p.ln2Beta, B.xhat2, B.rstd2, B.y, batch.rows, d);
    ops.matmul(B.y, w + p.w1, w + p.b1, B.r, batch.rows, d, d, false);
    ops.dropoutRelu(B.r, n, drop(stream.ffn1(b)));
    ops.matmul(B.r, w + p.w2, w + p.b2, at.tmp, batch.rows, d, d, false);
    ops.dropoutAdd(at.tmp, B.y, at.x[b + 1]!, n, drop(stream.ffn2(b)));
  }
  ops.layerNorm(at.x[config.blocks]!, w + layout.finalGamma, w + layout.finalBeta, at.xhatF, at.rstdF, at.hF, batch.rows, d);
}

/**
 * Forward, loss, backward and one dense Adam step (Adam step t, 1-based) on the batch already
 * written with `writeBatch`. Returns the batch's SUMMED loss (mean × rows). `seed` draws this
 * step's dropout masks.
 */
export function trainStep(
  ops: SasRecOps,
  at: ArenaLayout,
  params: ParamBuffers,
  layout: ParamLayout,
  config: StepConfig & Pick<SasRecConfig, 'beta1' | 'beta2' | 'lr' | 'epsilon'>,
  batch: { seqs: number; rows: number },
  seed: number,
  t: number,
): number {
  forward(ops, at, params.w, layout, config, batch, seed);
  ops.zero(at.grad, layout.size);
  const loss = ops.bceLoss(at.hF, params.w + layout.item, at.positive, at.negative, config.negatives, at.gA, at.grad + layout.item, batch.rows, config.dim);
  backward(ops, at, params.w, layout, config, batch, seed);
  const { stepSize, epsilonHat } = adamScalars(config, t);
  ops.adam(params.w, params.m, params.v, at.grad, layout.size, config.beta1, config.beta2, stepSize, epsilonHat);
  return loss;
}

/** Gradients of every parameter into `at.grad` (added), given ∂loss/∂h at `at.gA`. */
export function backward(ops: SasRecOps, at: ArenaLayout, w: number, layout: ParamLayout, config: StepConfig, batch: { seqs: number; rows: number }, seed: number): void {
  const d = config.dim;
  const rows = batch.rows;
  const n = rows * d;
  const g = at.grad;
  // As in `forward`: seed < 0 means no dropout.
  const drop = (s: number): Dropout => ({ rate: seed < 0 ? 0 : config.dropout, seed: seed < 0 ? 0 : seed, stream: s });
  // gB: ∂loss/∂(current block output).
  ops.layerNormBackward(at.gA, at.xhatF, at.rstdF, w + layout.finalGamma, g + layout.finalGamma, g + layout.finalBeta, at.gB, rows, d, false);
  for (let b = config.blocks - 1; b >= 0; b--) {
    const p = layout.blocks[b]!;
    const B = at.blocks[b]!;
    const x = at.x[b]!;
    // x' = y + dropout(h₂): ∂h₂ = dropout′(∂x'); ∂y starts as ∂x'.
    ops.dropoutBackward(at.gB, at.gC, n, drop(stream.ffn2(b)));
    ops.weightGradients(B.r, at.gC, g + p.w2, g + p.b2, rows, d, d);
    ops.matmulTransposed(at.gC, w + p.w2, at.gD, rows, d, d, false, at.wT);
    ops.dropoutReluBackward(at.gD, B.r, n, drop(stream.ffn1(b)));
    ops.weightGradients(B.y, at.gD, g + p.w1, g + p.b1, rows, d, d);
    ops.matmulTransposed(at.gD, w + p.w1, at.gB, rows, d, d, true, at.wT);
    // y = LN₂(q + a): ∂(q + a) into gC; it is both ∂a and the residual's share of ∂q.
    ops.layerNormBackward(at.gB, B.xhat2, B.rstd2, w + p.ln2Gamma, g + p.ln2Gamma, g + p.ln2Beta, at.gC, rows, d, false);
    ops.weightGradients(B.O, at.gC, g + p.wo, g + p.bo, rows, d, d);
    ops.matmulTransposed(at.gC, w + p.wo, at.gD, rows, d, d, false, at.wT);
    ops.attentionBackward(B.Q, B.K, B.V, B.probs, at.gD, at.gQ, at.gK, at.gV, at.seqStart, at.probStart, batch.seqs, d, config.heads, drop(stream.attention(b)), at.attention);
    // ∂q = ∂(q + a) + ∂Q·Wqᵀ (gC); ∂x = ∂K·Wkᵀ + ∂V·Wvᵀ + LN₁′(∂q) (gB).
    ops.weightGradients(B.q, at.gQ, g + p.wq, g + p.bq, rows, d, d);
    ops.matmulTransposed(at.gQ, w + p.wq, at.gC, rows, d, d, true, at.wT);
    ops.weightGradients(x, at.gK, g + p.wk, g + p.bk, rows, d, d);
    ops.matmulTransposed(at.gK, w + p.wk, at.gB, rows, d, d, false, at.wT);
    ops.weightGradients(x, at.gV, g + p.wv, g + p.bv, rows, d, d);
    ops.matmulTransposed(at.gV, w + p.wv, at.gB, rows, d, d, true, at.wT);
    ops.layerNormBackward(at.gC, B.xhat1, B.rstd1, w + p.ln1Gamma, g + p.ln1Gamma, g + p.ln1Beta, at.gB, rows, d, true);
  }
  ops.embedBackward(at.gB, at.input, at.position, g + layout.item, g + layout.position, rows, d, Math.sqrt(d), drop(stream.embed));
}
