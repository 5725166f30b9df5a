/**
 * Where a packed SASRec step keeps its inputs, activations and gradients: element offsets into
 * one memory (a JS array, or a scratch block in TF.js's WASM heap), every buffer 16-byte aligned
 * for f32x4 lanes. Sized by a capacity (rows, sequences, attention probabilities) that only grows,
 * so a training run reserves its scratch once.
 *
 * Memory: about (3·blocks + 11 + blocks·9)·rows·dim floats plus blocks·heads·Σ n(n+1)/2 attention
 * probabilities plus one gradient per parameter: ~100 MB for 128 windows of 100 items at dim 64.
 */
import type { SasRecConfig } from './sasrec-config.ts';

export interface Capacity {
  rows: number;
  seqs: number;
  /** Attention probabilities of one block: heads · Σ n(n+1)/2 over the batch's sequences. */
  probs: number;
}

export interface BlockBuffers {
  xhat1: number;
  rstd1: number;
  q: number;
  Q: number;
  K: number;
  V: number;
  probs: number;
  O: number;
  xhat2: number;
  rstd2: number;
  y: number;
  r: number;
}

export interface ArenaLayout {
  // Integer buffers (read through the int view).
  seqStart: number;
  probStart: number;
  input: number;
  position: number;
  positive: number;
  negative: number;
  /** x[b]: the input of block b; x[blocks] the last block's output. */
  x: number[];
  blocks: BlockBuffers[];
  xhatF: number;
  rstdF: number;
  hF: number;
  tmp: number;
  gA: number;
  gB: number;
  gC: number;
  gD: number;
  gQ: number;
  gK: number;
  gV: number;
  /** Room for a transposed d×d weight. */
  wT: number;
  /** The attention's scratch (the SIMD kernel's Kᵀ/Vᵀ and two n × n matrices; the JS ops use one row). */
  attention: number;
  /** One gradient per parameter. */
  grad: number;
  /** First element past the arena. */
  end: number;
}

/** The layout from element `base` for `capacity` and `paramCount` parameters. */
export function arenaLayout(base: number, capacity: Capacity, config: Pick<SasRecConfig, 'dim' | 'blocks' | 'maxLen' | 'negatives'>, paramCount: number): ArenaLayout {
  let at = align(base);
  const take = (count: number) => {
    const start = at;
    at = align(at + count);
    return start;
  };
  const nd = capacity.rows * config.dim;
  const seqStart = take(capacity.seqs + 1);
  const probStart = take(capacity.seqs + 1);
  const input = take(capacity.rows);
  const position = take(capacity.rows);
  const positive = take(capacity.rows);
  const negative = take(capacity.rows * config.negatives);
  const x = Array.from({ length: config.blocks + 1 }, () => take(nd));
  const blocks = Array.from({ length: config.blocks }, () => ({
    xhat1: take(nd),
    rstd1: take(capacity.rows),
    q: take(nd),
    Q: take(nd),
    K: take(nd),
    V: take(nd),
    probs: take(capacity.probs),
    O: take(nd),
    xhat2: take(nd),
    rstd2: take(capacity.rows),
    y: take(nd),
    r: take(nd),
  }));
  return {
    seqStart,
    probStart,
    input,
    position,
    positive,
    negative,
    x,
    blocks,
    xhatF: take(nd),
    rstdF: take(capacity.rows),
    hF: take(nd),
    tmp: take(nd),
    gA: take(nd),
    gB: take(nd),
    gC: take(nd),
    gD: take(nd),
    gQ: take(nd),
    gK: take(nd),
    gV: take(nd),
    wT: take(config.dim * config.dim),
    attention: take(attentionScratch(config)),
    grad: take(paramCount),
    end: at,
  };
}

/** Floats of attention scratch for sequences up to maxLen: dₕ × ns + 2·n × ns (ns = n rounded up to 8) with room to spare. */
export function attentionScratch(config: Pick<SasRecConfig, 'dim' | 'maxLen'>): number {
  const ns = Math.ceil(config.maxLen / 8) * 8;
  return (config.dim + 2 * ns + 4) * ns;
}

/** Attention probabilities a batch needs per block: heads · Σ n(n+1)/2. */
export function probCount(seqStart: Int32Array, heads: number): number {
  let total = 0;
  for (let s = 0; s + 1 < seqStart.length; s++) {
    const n = seqStart[s + 1]! - seqStart[s]!;
    total += (heads * n * (n + 1)) / 2;
  }
  return total;
}

/** The larger of two capacities, field by field. */
export function maxCapacity(a: Capacity, b: Capacity): Capacity {
  return { rows: Math.max(a.rows, b.rows), seqs: Math.max(a.seqs, b.seqs), probs: Math.max(a.probs, b.probs) };
}

export function fits(inner: Capacity, outer: Capacity): boolean {
  return inner.rows <= outer.rows && inner.seqs <= outer.seqs && inner.probs <= outer.probs;
}

function align(elements: number): number {
  return Math.ceil(elements / 4) * 4;
}
