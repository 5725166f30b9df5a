/**
 * SASRec's step operations on the SIMD kernel (sasrec-ops.as), behind the same interface as the
 * JS ops: offsets are elements of the kernel's memory, turned into byte pointers here.
 */
import { dropThreshold, type Dropout, type SasRecOps } from '../sasrec-ops.ts';
import { LAYER_NORM_EPSILON } from '../ops-js.ts';

type Fn = (...args: number[]) => number;

/** The kernel's exports (all take byte pointers, counts and scalars). */
export interface SasRecKernelExports {
  matmul: Fn;
  transpose: Fn;
  weightGradients: Fn;
  layerNorm: Fn;
  layerNormBackward: Fn;
  embed: Fn;
  embedBackward: Fn;
  attention: Fn;
  attentionBackward: Fn;
  dropoutRelu: Fn;
  dropoutReluBackward: Fn;
  dropoutAdd: Fn;
  dropoutBackward: Fn;
  add: Fn;
  zero: Fn;
  bceLoss: Fn;
  adam: Fn;
}

/** Dropout's arguments as the kernel takes them: threshold, seed, stream, 1/(1 − rate). */
function dropArgs(drop: Dropout): [number, number, number, number] {
  return [dropThreshold(drop.rate), drop.seed | 0, drop.stream | 0, 1 / (1 - drop.rate)];
}

const B = 4; // bytes per element

export class WasmOps implements SasRecOps {
  constructor(private readonly k: SasRecKernelExports) {}

  matmul(x: number, w: number, bias: number, y: number, rows: number, k: number, n: number, accumulate: boolean): void {
    this.k.matmul(x * B, w * B, Math.max(0, bias) * B, bias >= 0 ? 1 : 0, y * B, rows, k, n, accumulate ? 1 : 0);
  }

  matmulTransposed(dy: number, w: number, dx: number, rows: number, k: number, n: number, accumulate: boolean, scratch: number): void {
    this.k.transpose(w * B, scratch * B, k, n);
    this.k.matmul(dy * B, scratch * B, 0, 0, dx * B, rows, n, k, accumulate ? 1 : 0);
  }

  weightGradients(x: number, dy: number, dw: number, db: number, rows: number, k: number, n: number): void {
    this.k.weightGradients(x * B, dy * B, dw * B, Math.max(0, db) * B, db >= 0 ? 1 : 0, rows, k, n);
  }

  layerNorm(x: number, gamma: number, beta: number, xhat: number, rstd: number, y: number, rows: number, d: number): void {
    this.k.layerNorm(x * B, gamma * B, beta * B, xhat * B, rstd * B, y * B, rows, d, LAYER_NORM_EPSILON);
  }

  layerNormBackward(dy: number, xhat: number, rstd: number, gamma: number, dgamma: number, dbeta: number, dx: number, rows: number, d: number, accumulate: boolean): void {
    this.k.layerNormBackward(dy * B, xhat * B, rstd * B, gamma * B, dgamma * B, dbeta * B, dx * B, rows, d, accumulate ? 1 : 0);
  }

  embed(table: number, positions: number, input: number, position: number, x: number, rows: number, d: number, scale: number, drop: Dropout): void {
    this.k.embed(table * B, positions * B, input * B, position * B, x * B, rows, d, scale, ...dropArgs(drop));
  }

  embedBackward(dx: number, input: number, position: number, dtable: number, dpositions: number, rows: number, d: number, scale: number, drop: Dropout): void {
    this.k.embedBackward(dx * B, input * B, position * B, dtable * B, dpositions * B, rows, d, scale, ...dropArgs(drop));
  }

  attention(q: number, k: number, v: number, probs: number, out: number, seqStart: number, probStart: number, seqs: number, d: number, heads: number, drop: Dropout, scratch: number): void {
    this.k.attention(q * B, k * B, v * B, probs * B, out * B, seqStart * B, probStart * B, seqs, d, heads, ...dropArgs(drop), scratch * B);
  }

  attentionBackward(
    q: number, k: number, v: number, probs: number, dout: number, dq: number, dk: number, dv: number,
    seqStart: number, probStart: number, seqs: number, d: number, heads: number, drop: Dropout, scratch: number,
  ): void {
    this.k.attentionBackward(q * B, k * B, v * B, probs * B, dout * B, dq * B, dk * B, dv * B, seqStart * B, probStart * B, seqs, d, heads, ...dropArgs(drop), scratch * B);
  }

  dropoutRelu(h: number, n: number, drop: Dropout): void {
    this.k.dropoutRelu(h * B, n, ...dropArgs(drop));
  }

  dropoutReluBackward(dr: number, r: number, n: number, drop: Dropout): void {
    this.k.dropoutReluBackward(dr * B, r * B, n, 1 / (1 - drop.rate));
  }

  dropoutAdd(h: number, y: number, out: number, n: number, drop: Dropout): void {
    this.k.dropoutAdd(h * B, y * B, out * B, n, ...dropArgs(drop));
  }

  dropoutBackward(dy: number, dh: number, n: number, drop: Dropout): void {
    this.k.dropoutBackward(dy * B, dh * B, n, ...dropArgs(drop));
  }

  add(a: number, b: number, out: number, n: number): void {
    this.k.add(a * B, b * B, out * B, n);
  }

  zero(at: number, n: number): void {
    this.k.zero(at * B, n);
  }

  bceLoss(h: number, table: number, positive: number, negative: number, negatives: number, dh: number, dtable: number, rows: number, d: number): number {
    return this.k.bceLoss(h * B, table * B, positive * B, negative * B, negatives, dh * B, dtable * B, rows, d);
  }

  adam(w: number, m: number, v: number, g: number, n: number, beta1: number, beta2: number, stepSize: number, epsilonHat: number): void {
    this.k.adam(w * B, m * B, v * B, g * B, n, beta1, beta2, stepSize, epsilonHat);
  }
}
