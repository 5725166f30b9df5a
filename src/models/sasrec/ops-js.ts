/**
 * SASRec's step operations in plain JavaScript loops over one memory (sasrec-ops.ts says what each
 * does): the reference the SIMD kernel is tested against, and the CPU backend's training path.
 */
import { dropoutHash, dropThreshold, type Dropout, type SasRecOps } from './sasrec-ops.ts';

/** Layer norm's ε, as in the PyTorch port (LayerNorm(eps=1e-8)). */
export const LAYER_NORM_EPSILON = 1e-8;

export class JsOps implements SasRecOps {
  constructor(
    readonly F: Float32Array,
    readonly I: Int32Array,
  ) {}

  matmul(x: number, w: number, bias: number, y: number, rows: number, k: number, n: number, accumulate: boolean): void {
    const F = this.F;
    for (let r = 0; r < rows; r++) {
      const yr = y + r * n;
      const xr = x + r * k;
      if (!accumulate) {
        if (bias >= 0) for (let c = 0; c < n; c++) F[yr + c] = F[bias + c]!;
        else F.fill(0, yr, yr + n);
      } else if (bias >= 0) {
        for (let c = 0; c < n; c++) F[yr + c]! += F[bias + c]!;
      }
      for (let i = 0; i < k; i++) {
        const a = F[xr + i]!;
        if (a === 0) continue;
        const wi = w + i * n;
        for (let c = 0; c < n; c++) F[yr + c]! += a * F[wi + c]!;
      }
    }
  }

  matmulTransposed(dy: number, w: number, dx: number, rows: number, k: number, n: number, accumulate: boolean, scratch: number): void {
    const F = this.F;
    // wᵀ once, then a plain product: rows of wᵀ are contiguous.
    for (let i = 0; i < k; i++) for (let c = 0; c < n; c++) F[scratch + c * k + i] = F[w + i * n + c]!;
    this.matmul(dy, scratch, -1, dx, rows, n, k, accumulate);
  }

  weightGradients(x: number, dy: number, dw: number, db: number, rows: number, k: number, n: number): void {
    const F = this.F;
    for (let r = 0; r < rows; r++) {
      const xr = x + r * k;
      const gr = dy + r * n;
      for (let i = 0; i < k; i++) {
        const a = F[xr + i]!;
        if (a === 0) continue;
        const wi = dw + i * n;
        for (let c = 0; c < n; c++) F[wi + c]! += a * F[gr + c]!;
      }
      if (db >= 0) for (let c = 0; c < n; c++) F[db + c]! += F[gr + c]!;
    }
  }

  layerNorm(x: number, gamma: number, beta: number, xhat: number, rstd: number, y: number, rows: number, d: number): void {
    const F = this.F;
    for (let r = 0; r < rows; r++) {
      const xr = x + r * d;
      let mean = 0;
      for (let c = 0; c < d; c++) mean += F[xr + c]!;
      mean /= d;
      let variance = 0;
      for (let c = 0; c < d; c++) {
        const t = F[xr + c]! - mean;
        variance += t * t;
      }
      const s = 1 / Math.sqrt(variance / d + LAYER_NORM_EPSILON);
      F[rstd + r] = s;
      for (let c = 0; c < d; c++) {
        const h = (F[xr + c]! - mean) * s;
        F[xhat + r * d + c] = h;
        F[y + r * d + c] = h * F[gamma + c]! + F[beta + c]!;
      }
    }
  }

  layerNormBackward(dy: number, xhat: number, rstd: number, gamma: number, dgamma: number, dbeta: number, dx: number, rows: number, d: number, accumulate: boolean): void {
    const F = this.F;
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      let meanG = 0;
      let meanGx = 0;
      for (let c = 0; c < d; c++) {
        const g = F[dy + o + c]!;
        const h = F[xhat + o + c]!;
        F[dgamma + c]! += g * h;
        F[dbeta + c]! += g;
        const gh = g * F[gamma + c]!;
        meanG += gh;
        meanGx += gh * h;
      }
      meanG /= d;
      meanGx /= d;
      const s = F[rstd + r]!;
      for (let c = 0; c < d; c++) {
        const value = s * (F[dy + o + c]! * F[gamma + c]! - meanG - F[xhat + o + c]! * meanGx);
        F[dx + o + c] = accumulate ? F[dx + o + c]! + value : value;
      }
    }
  }

  embed(table: number, positions: number, input: number, position: number, x: number, rows: number, d: number, scale: number, drop: Dropout): void {
    const { F, I } = this;
    const threshold = dropThreshold(drop.rate);
    const keepScale = 1 / (1 - drop.rate);
    for (let r = 0; r < rows; r++) {
      const e = table + I[input + r]! * d;
      const p = positions + I[position + r]! * d;
      for (let c = 0; c < d; c++) {
        const value = F[e + c]! * scale + F[p + c]!;
        const index = r * d + c;
        F[x + index] = threshold === 0 ? value : dropoutHash(drop.seed, drop.stream, index) >= threshold ? value * keepScale : 0;
      }
    }
  }

  embedBackward(dx: number, input: number, position: number, dtable: number, dpositions: number, rows: number, d: number, scale: number, drop: Dropout): void {
    const { F, I } = this;
    const threshold = dropThreshold(drop.rate);
    const keepScale = 1 / (1 - drop.rate);
    for (let r = 0; r < rows; r++) {
      const e = dtable + I[input + r]! * d;
      const p = dpositions + I[position + r]! * d;
      for (let c = 0; c < d; c++) {
        const index = r * d + c;
        const g = threshold === 0 ? F[dx + index]! : dropoutHash(drop.seed, drop.stream, index) >= threshold ? F[dx + index]! * keepScale : 0;
        F[e + c]! += g * scale;
        F[p + c]! += g;
      }
    }
  }

  attention(q: number, k: number, v: number, probs: number, out: number, seqStart: number, probStart: number, seqs: number, d: number, heads: number, drop: Dropout, _scratch: number): void {
    const { F, I } = this;
    const dh = d / heads;
    const scale = 1 / Math.sqrt(dh);
    const threshold = dropThreshold(drop.rate);
    const keepScale = 1 / (1 - drop.rate);
    for (let s = 0; s < seqs; s++) {
      const r0 = I[seqStart + s]!;
      const n = I[seqStart + s + 1]! - r0;
      const tri = (n * (n + 1)) / 2;
      for (let h = 0; h < heads; h++) {
        const col = h * dh;
        const headProbs = I[probStart + s]! + h * tri;
        for (let i = 0; i < n; i++) {
          const qi = q + (r0 + i) * d + col;
          const row = headProbs + (i * (i + 1)) / 2;
          let max = -Infinity;
          for (let j = 0; j <= i; j++) {
            const kj = k + (r0 + j) * d + col;
            let dot = 0;
            for (let c = 0; c < dh; c++) dot += F[qi + c]! * F[kj + c]!;
            dot *= scale;
            F[probs + row + j] = dot;
            if (dot > max) max = dot;
          }
          let sum = 0;
          for (let j = 0; j <= i; j++) {
            const e = Math.exp(F[probs + row + j]! - max);
            F[probs + row + j] = e;
            sum += e;
          }
          const oi = out + (r0 + i) * d + col;
          for (let c = 0; c < dh; c++) F[oi + c] = 0;
          for (let j = 0; j <= i; j++) {
            const p = F[probs + row + j]! / sum;
            F[probs + row + j] = p;
            const pd = threshold === 0 ? p : dropoutHash(drop.seed, drop.stream, row + j) >= threshold ? p * keepScale : 0;
            if (pd === 0) continue;
            const vj = v + (r0 + j) * d + col;
            for (let c = 0; c < dh; c++) F[oi + c]! += pd * F[vj + c]!;
          }
        }
      }
    }
  }

  attentionBackward(
    q: number, k: number, v: number, probs: number, dout: number, dq: number, dk: number, dv: number,
    seqStart: number, probStart: number, seqs: number, d: number, heads: number, drop: Dropout, scratch: number,
  ): void {
    const { F, I } = this;
    const dh = d / heads;
    const scale = 1 / Math.sqrt(dh);
    const threshold = dropThreshold(drop.rate);
    const keepScale = 1 / (1 - drop.rate);
    const rows = I[seqStart + seqs]! - I[seqStart]!;
    const first = I[seqStart]!;
    this.zero(dq + first * d, rows * d);
    this.zero(dk + first * d, rows * d);
    this.zero(dv + first * d, rows * d);
    for (let s = 0; s < seqs; s++) {
      const r0 = I[seqStart + s]!;
      const n = I[seqStart + s + 1]! - r0;
      const tri = (n * (n + 1)) / 2;
      for (let h = 0; h < heads; h++) {
        const col = h * dh;
        const headProbs = I[probStart + s]! + h * tri;
        for (let i = 0; i < n; i++) {
          const row = headProbs + (i * (i + 1)) / 2;
          const doi = dout + (r0 + i) * d + col;
          // dP_j = dropout′(dO_i·v_j); dv_j += dropout(p_j)·dO_i; then the softmax's backward.
          let rowDot = 0;
          for (let j = 0; j <= i; j++) {
            const keep = threshold === 0 || dropoutHash(drop.seed, drop.stream, row + j) >= threshold;
            const p = F[probs + row + j]!;
            let g = 0;
            if (keep) {
              const vj = v + (r0 + j) * d + col;
              const dvj = dv + (r0 + j) * d + col;
              const pd = threshold === 0 ? p : p * keepScale;
              let dot = 0;
              for (let c = 0; c < dh; c++) {
                dot += F[doi + c]! * F[vj + c]!;
                F[dvj + c]! += pd * F[doi + c]!;
              }
              g = threshold === 0 ? dot : dot * keepScale;
            }
            F[scratch + j] = g;
            rowDot += p * g;
          }
          const qi = q + (r0 + i) * d + col;
          const dqi = dq + (r0 + i) * d + col;
          for (let j = 0; j <= i; j++) {
            const ds = F[probs + row + j]! * (F[scratch + j]! - rowDot) * scale;
            if (ds === 0) continue;
            const kj = k + (r0 + j) * d + col;
            const dkj = dk + (r0 + j) * d + col;
            for (let c = 0; c < dh; c++) {
              F[dqi + c]! += ds * F[kj + c]!;
              F[dkj + c]! += ds * F[qi + c]!;
            }
          }
        }
      }
    }
  }

  dropoutRelu(h: number, n: number, drop: Dropout): void {
    const F = this.F;
    const threshold = dropThreshold(drop.rate);
    const keepScale = 1 / (1 - drop.rate);
    for (let e = 0; e < n; e++) {
      const value = F[h + e]!;
      F[h + e] = value <= 0 ? 0 : threshold === 0 ? value : dropoutHash(drop.seed, drop.stream, e) >= threshold ? value * keepScale : 0;
    }
  }

  dropoutReluBackward(dr: number, r: number, n: number, drop: Dropout): void {
    const F = this.F;
    const keepScale = drop.rate === 0 ? 1 : 1 / (1 - drop.rate);
    // r > 0 only where the element was kept (a dropped one is 0), so no hash is needed.
    for (let e = 0; e < n; e++) F[dr + e] = F[r + e]! > 0 ? F[dr + e]! * keepScale : 0;
  }

  dropoutAdd(h: number, y: number, out: number, n: number, drop: Dropout): void {
    const F = this.F;
    const threshold = dropThreshold(drop.rate);
    const keepScale = 1 / (1 - drop.rate);
    for (let e = 0; e < n; e++) {
      const value = F[h + e]!;
      F[out + e] = F[y + e]! + (threshold === 0 ? value : dropoutHash(drop.seed, drop.stream, e) >= threshold ? value * keepScale : 0);
    }
  }

  dropoutBackward(dy: number, dh: number, n: number, drop: Dropout): void {
    const F = this.F;
    const threshold = dropThreshold(drop.rate);
    const keepScale = 1 / (1 - drop.rate);
    for (let e = 0; e < n; e++) {
      F[dh + e] = threshold === 0 ? F[dy + e]! : dropoutHash(drop.seed, drop.stream, e) >= threshold ? F[dy + e]! * keepScale : 0;
    }
  }

  add(a: number, b: number, out: number, n: number): void {
    const F = this.F;
    for (let e = 0; e < n; e++) F[out + e] = F[a + e]! + F[b + e]!;
  }

  zero(at: number, n: number): void {
    this.F.fill(0, at, at + n);
  }

  bceLoss(h: number, table: number, positive: number, negative: number, negatives: number, dh: number, dtable: number, rows: number, d: number): number {
    const { F, I } = this;
    let loss = 0;
    const inv = 1 / rows;
    for (let r = 0; r < rows; r++) {
      const hr = h + r * d;
      const ep = table + I[positive + r]! * d;
      let xp = 0;
      for (let c = 0; c < d; c++) xp += F[hr + c]! * F[ep + c]!;
      loss += softplus(-xp);
      // d/dx softplus(−x) = −σ(−x); d/dx softplus(x) = σ(x).
      const gp = -sigmoid(-xp) * inv;
      const dep = dtable + I[positive + r]! * d;
      for (let c = 0; c < d; c++) {
        F[dh + r * d + c] = gp * F[ep + c]!;
        F[dep + c]! += gp * F[hr + c]!;
      }
      for (let k = 0; k < negatives; k++) {
        const en = table + I[negative + r * negatives + k]! * d;
        let xn = 0;
        for (let c = 0; c < d; c++) xn += F[hr + c]! * F[en + c]!;
        loss += softplus(xn) / negatives;
        const gn = (sigmoid(xn) * inv) / negatives;
        const den = dtable + I[negative + r * negatives + k]! * d;
        for (let c = 0; c < d; c++) {
          F[dh + r * d + c]! += gn * F[en + c]!;
          F[den + c]! += gn * F[hr + c]!;
        }
      }
    }
    return loss;
  }

  adam(w: number, m: number, v: number, g: number, n: number, beta1: number, beta2: number, stepSize: number, epsilonHat: number): void {
    const F = this.F;
    for (let e = 0; e < n; e++) {
      const grad = F[g + e]!;
      const mt = beta1 * F[m + e]! + (1 - beta1) * grad;
      const vt = beta2 * F[v + e]! + (1 - beta2) * grad * grad;
      F[m + e] = mt;
      F[v + e] = vt;
      F[w + e]! -= (stepSize * mt) / (Math.sqrt(vt) + epsilonHat);
    }
  }
}

/** log(1 + eˣ) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
