/**
 * LightGCN's propagation on plain arrays (the JavaScript reference; lightgcn-kernel.as does the
 * same in f32x4 lanes): E(k+1) = Â E(k), and the layer combination (E(0) + … + E(K)) / (K + 1).
 * Â is symmetric, so the same function carries a gradient back: ∂L/∂E(0) = mean_k Â^k ∂L/∂E_final.
 */
import type { NormalizedGraph } from './graph.ts';

/** y = Â x for [nodes, dim] row-major x and y (distinct arrays). */
export function spmmInto(graph: NormalizedGraph, x: Float32Array, y: Float32Array, dim: number): void {
  const { rowPtr, col, value, nodes } = graph;
  for (let r = 0; r < nodes; r++) {
    const out = r * dim;
    for (let c = 0; c < dim; c++) y[out + c] = 0;
    for (let e = rowPtr[r]!; e < rowPtr[r + 1]!; e++) {
      const w = value[e]!;
      const from = col[e]! * dim;
      for (let c = 0; c < dim; c++) y[out + c] = y[out + c]! + w * x[from + c]!;
    }
  }
}

/** Reusable layer buffers for `propagateMean`, sized for one graph and dimension. */
export class PropagationBuffers {
  readonly a: Float32Array;
  readonly b: Float32Array;

  constructor(readonly size: number) {
    this.a = new Float32Array(size);
    this.b = new Float32Array(size);
  }
}

/** out = (x + Âx + … + Â^K x) / (K + 1); `out` must not alias `x`. */
export function propagateMean(graph: NormalizedGraph, x: Float32Array, out: Float32Array, dim: number, layers: number, buffers: PropagationBuffers): void {
  out.set(x.subarray(0, graph.nodes * dim));
  let current = x;
  for (let k = 0; k < layers; k++) {
    const next = k % 2 === 0 ? buffers.a : buffers.b;
    spmmInto(graph, current, next, dim);
    for (let at = 0; at < out.length; at++) out[at] = out[at]! + next[at]!;
    current = next;
  }
  const scale = 1 / (layers + 1);
  for (let at = 0; at < out.length; at++) out[at] = out[at]! * scale;
}
