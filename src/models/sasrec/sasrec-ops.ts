/**
 * The primitive operations a SASRec training step is made of, on one flat memory: every buffer
 * is an ELEMENT offset into the float view `F` (and, for integer buffers, into the int view `I`
 * over the same bytes). Two implementations with the same math: JavaScript loops (ops-js.ts: the
 * reference, and the CPU backend's path) and WebAssembly SIMD (ops-wasm.ts: on TF.js's WASM heap,
 * where the parameters are the tensors' own storage). sasrec-step.ts composes them into the
 * forward and backward pass, so both paths run the same step.
 *
 * Matrices are row-major; `rows` counts packed positions (packed-batch.ts).
 */

/** One dropout site of one step: element e is kept iff keep(seed, stream, e) (see `dropoutKeeps`). */
export interface Dropout {
  rate: number;
  seed: number;
  stream: number;
}

export interface SasRecOps {
  /** y[rows×n] = x[rows×k]·w[k×n] (+ bias[n] when bias ≥ 0); `accumulate` adds to y instead. */
  matmul(x: number, w: number, bias: number, y: number, rows: number, k: number, n: number, accumulate: boolean): void;
  /** dx[rows×k] (+)= dy[rows×n]·wᵀ for w [k×n]; `scratch` has room for k·n floats. */
  matmulTransposed(dy: number, w: number, dx: number, rows: number, k: number, n: number, accumulate: boolean, scratch: number): void;
  /** dw[k×n] += xᵀ·dy; db[n] += Σ_rows dy (db < 0: none). */
  weightGradients(x: number, dy: number, dw: number, db: number, rows: number, k: number, n: number): void;
  /** y = γ⊙x̂ + β with x̂ = (x − mean)·rstd per row; keeps x̂ and rstd for the backward pass. */
  layerNorm(x: number, gamma: number, beta: number, xhat: number, rstd: number, y: number, rows: number, d: number): void;
  /** dx (+)= the layer norm's input gradient; dγ += Σ dy⊙x̂, dβ += Σ dy. */
  layerNormBackward(dy: number, xhat: number, rstd: number, gamma: number, dgamma: number, dbeta: number, dx: number, rows: number, d: number, accumulate: boolean): void;
  /** x = dropout(table[input]·scale + positions[position]); input and position are int buffers. */
  embed(table: number, positions: number, input: number, position: number, x: number, rows: number, d: number, scale: number, drop: Dropout): void;
  /** dtable[input] += scale·dropout′(dx); dpositions[position] += dropout′(dx). */
  embedBackward(dx: number, input: number, position: number, dtable: number, dpositions: number, rows: number, d: number, scale: number, drop: Dropout): void;
  /**
   * Causal self-attention per packed sequence and head: out_i = Σ_{j≤i} dropout(softmax_j(q_i·k_j/√dₕ))·v_j.
   * `probs` receives the softmax (before dropout), per sequence and head a lower triangle, at the
   * int offsets `probStart[s]`; `seqStart` is the packed batch's (int buffer, seqs + 1 entries).
   * `scratch` has room for `attentionScratch(config)` floats (step-arena.ts).
   */
  attention(q: number, k: number, v: number, probs: number, out: number, seqStart: number, probStart: number, seqs: number, d: number, heads: number, drop: Dropout, scratch: number): void;
  /** dq, dk, dv = the attention's input gradients (overwritten); `scratch` as for `attention`. */
  attentionBackward(
    q: number, k: number, v: number, probs: number, dout: number, dq: number, dk: number, dv: number,
    seqStart: number, probStart: number, seqs: number, d: number, heads: number, drop: Dropout, scratch: number,
  ): void;
  /** h = relu(dropout(h)) in place. */
  dropoutRelu(h: number, n: number, drop: Dropout): void;
  /** dr = dr ⊙ [r > 0] ⊙ dropout′ in place: the gradient through `dropoutRelu` given its output r. */
  dropoutReluBackward(dr: number, r: number, n: number, drop: Dropout): void;
  /** out = y + dropout(h). */
  dropoutAdd(h: number, y: number, out: number, n: number, drop: Dropout): void;
  /** dh = dropout′(dy): dy·mask/(1 − rate). */
  dropoutBackward(dy: number, dh: number, n: number, drop: Dropout): void;
  /** out = a + b. */
  add(a: number, b: number, out: number, n: number): void;
  zero(at: number, n: number): void;
  /**
   * Binary cross-entropy with one positive and `negatives` negative items per row (mean over rows
   * of softplus(−h·e⁺) + mean over the row's negatives of softplus(h·e⁻)): returns the SUM over
   * rows; writes dh (overwritten) and adds to dtable, both already divided by `rows`.
   */
  bceLoss(h: number, table: number, positive: number, negative: number, negatives: number, dh: number, dtable: number, rows: number, d: number): number;
  /** Dense Adam on n parameters with bias correction folded in (adam-config.ts `adamScalars`). */
  adam(w: number, m: number, v: number, g: number, n: number, beta1: number, beta2: number, stepSize: number, epsilonHat: number): void;
}

/**
 * Dropout's keep decision for element `index` of a site: a counter-based hash (lowbias32 by
 * C. Wellons) of (seed, stream, index), so the backward pass recomputes the mask instead of
 * storing it, and the JS and SIMD paths draw the same masks. Returns the threshold test input.
 */
export function dropoutHash(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream, 0x27d4eb2d) ^ Math.imul(index, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Elements whose hash is below this are dropped: rate·2³². */
export function dropThreshold(rate: number): number {
  return Math.min(0xffffffff, Math.floor(rate * 4294967296));
}
