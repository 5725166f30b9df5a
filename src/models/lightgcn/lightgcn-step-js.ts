/**
 * One LightGCN training step on plain arrays, in place — the JavaScript REFERENCE that the
 * WebAssembly SIMD kernel (lightgcn-kernel.ts) must agree with, and the path on the CPU backend:
 * 1. forward: F = mean(E, ÂE, …, Â^K E) from the ego table E (the table's weights);
 * 2. BPR on the batch's rows of F: x = F_u·(F_i+ − F_i−), loss Σ softplus(−x), and
 *    ∂/∂F with g = −σ(−x)/B: F_u gets g(F_i+ − F_i−), F_i+ gets g·F_u, F_i− gets −g·F_u;
 * 3. backward: ∂/∂E = mean(G, ÂG, …, Â^K G) for that sparse G (Â is symmetric), plus the L2
 *    term (λ/B)·E_row for every row a sample uses;
 * 4. Adam on every row: after propagation nearly every row has a gradient (as in PyTorch's
 *    dense Adam, which the reference runs).
 */
import { checkBprBatch, type BprStepBatch, type BprStepConfig } from '../bpr-step.ts';
import { lazyAdamInPlace, type AdamArrays } from '../lazy-adam.ts';
import type { NormalizedGraph } from './graph.ts';
import { propagateMean, PropagationBuffers } from './propagate-js.ts';

export interface LightGcnStepConfig extends BprStepConfig {
  layers: number;
}

/**
 * Adds the BPR gradient of the batch w.r.t. the final embeddings into `grad` (rows as in
 * `final`, [nodes, dim]) and returns the batch's summed data loss Σ softplus(−x).
 */
export function bprFinalGradientsInto(final: Float32Array, grad: Float32Array, dim: number, batch: BprStepBatch): number {
  const n = batch.user.length;
  let loss = 0;
  for (let k = 0; k < n; k++) {
    const u = batch.user[k]! * dim;
    const i = (batch.positive[k]! + batch.itemOffset) * dim;
    const j = (batch.negative[k]! + batch.itemOffset) * dim;
    let x = 0;
    for (let c = 0; c < dim; c++) x += final[u + c]! * (final[i + c]! - final[j + c]!);
    // softplus(−x) and σ(−x) from one exp, stable on both sides.
    const e = Math.exp(-Math.abs(x));
    loss += Math.max(-x, 0) + Math.log1p(e);
    const g = -(x > 0 ? e / (1 + e) : 1 / (1 + e)) / n;
    for (let c = 0; c < dim; c++) {
      const p = final[u + c]!;
      const qi = final[i + c]!;
      const qj = final[j + c]!;
      grad[u + c] = grad[u + c]! + g * (qi - qj);
      grad[i + c] = grad[i + c]! + g * p;
      grad[j + c] = grad[j + c]! - g * p;
    }
  }
  return loss;
}

/** Adds (λ/B)·E_row to the gradient of every row each sample uses (once per occurrence). */
export function addEgoL2(weights: Float32Array, grad: Float32Array, dim: number, batch: BprStepBatch, l2: number): void {
  const reg = l2 / batch.user.length;
  for (let k = 0; k < batch.user.length; k++) {
    for (const row of [batch.user[k]!, batch.positive[k]! + batch.itemOffset, batch.negative[k]! + batch.itemOffset]) {
      const at = row * dim;
      for (let c = 0; c < dim; c++) grad[at + c] = grad[at + c]! + reg * weights[at + c]!;
    }
  }
}

export class LightGcnStepJs {
  private readonly final: Float32Array;
  private readonly gradFinal: Float32Array;
  private readonly gradEgo: Float32Array;
  private readonly buffers: PropagationBuffers;
  /** Every row, for the dense Adam step (lazy Adam over all rows is dense Adam). */
  private readonly allRows: Int32Array;

  constructor(
    private readonly graph: NormalizedGraph,
    private readonly dim: number,
  ) {
    const size = graph.nodes * dim;
    this.final = new Float32Array(size);
    this.gradFinal = new Float32Array(size);
    this.gradEgo = new Float32Array(size);
    this.buffers = new PropagationBuffers(size);
    this.allRows = Int32Array.from({ length: graph.nodes }, (_, r) => r);
  }

  /** The step on `state` ([nodes, dim] views), in place; returns the batch's summed data loss. */
  run(state: AdamArrays, batch: BprStepBatch, config: LightGcnStepConfig, t: number): number {
    const { graph, dim } = this;
    checkBprBatch(batch, graph.nodes);
    propagateMean(graph, state.weights, this.final, dim, config.layers, this.buffers);
    this.gradFinal.fill(0);
    const loss = bprFinalGradientsInto(this.final, this.gradFinal, dim, batch);
    propagateMean(graph, this.gradFinal, this.gradEgo, dim, config.layers, this.buffers);
    addEgoL2(state.weights, this.gradEgo, dim, batch, config.l2);
    lazyAdamInPlace(state, dim, this.allRows, this.gradEgo, config, t);
    return loss;
  }

  /** The final (propagated) embeddings of `weights`, as a new array. */
  propagate(weights: Float32Array, layers: number): Float32Array {
    const out = new Float32Array(this.graph.nodes * this.dim);
    propagateMean(this.graph, weights, out, this.dim, layers, this.buffers);
    return out;
  }
}
