// The attribute rows' gradients against central finite differences of the objective, written
// out here in plain float64 JavaScript (independent of the TF.js code under test).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureSquaredErrorGradients, ratingGradientsInto } from './feature-gradients.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';

// Two samples, dim 2 → rows of width 4: user [p, b_u, 1], item [q, 1, b_i], attribute [a, 0, c].
// Sample 0's item has two attributes (entries 0, 1; weight ½ each), sample 1's one (entry 2).
// Attribute of entry 1 is shared by 3 items, the others by 2: ρ = w / m.
const P = [[0.3, -0.2, 0.1, 1], [0.5, 0.4, -0.3, 1]];
const Q = [[0.2, 0.7, 1, 0.05], [-0.4, 0.1, 1, -0.2]];
const A = [[0.6, -0.5, 0, 0.3], [-0.1, 0.2, 0, -0.4], [0.25, 0.35, 0, 0.15]];
const SAMPLE = [0, 0, 1];
const WEIGHT = [0.5, 0.5, 1];
const REG_WEIGHT = [0.5 / 2, 0.5 / 3, 1 / 2];
const RATING = [4, 2];
const MU = 3;
const L2 = 0.3;
const MASK_P = [1, 1, 1, 0];
const MASK_Q = [1, 1, 0, 1];

function objective(p: number[][], q: number[][], a: number[][]): number {
  const B = p.length;
  const sq = (v: number[], m: number[]) => v.reduce((s, x, c) => s + (x * m[c]!) ** 2, 0);
  let total = 0;
  for (let k = 0; k < B; k++) {
    const composed = [...q[k]!];
    SAMPLE.forEach((s, e) => {
      if (s === k) a[e]!.forEach((x, c) => (composed[c]! += WEIGHT[e]! * x));
    });
    const e = MU + p[k]!.reduce((s, x, c) => s + x * composed[c]!, 0) - RATING[k]!;
    let reg = sq(p[k]!, MASK_P) + sq(q[k]!, MASK_Q);
    SAMPLE.forEach((s, j) => {
      if (s === k) reg += REG_WEIGHT[j]! * sq(a[j]!, MASK_Q);
    });
    total += e * e + (L2 / 2) * reg;
  }
  return total / B;
}

function numeric(which: 'p' | 'q' | 'a', row: number, col: number): number {
  const h = 1e-5;
  const at = (delta: number) => {
    const parts = { p: P.map((r) => [...r]), q: Q.map((r) => [...r]), a: A.map((r) => [...r]) };
    parts[which][row]![col]! += delta;
    return objective(parts.p, parts.q, parts.a);
  };
  return (at(h) - at(-h)) / (2 * h);
}

describe.each(['cpu', 'wasm'] as const)('feature-aware squared-error gradients on %s', (backend) => {
  beforeAll(async () => {
    await nodeBackend(backend);
  });

  it('match finite differences of the objective; constant columns get none', async () => {
    const g = tf.tidy(() => {
      const column = (values: number[], dtype: 'int32' | 'float32') => tf.tensor2d(values, [values.length, 1], dtype);
      const r = featureSquaredErrorGradients(
        tf.tensor2d(P),
        tf.tensor2d(Q),
        tf.tensor2d(A),
        { sample: column(SAMPLE, 'int32'), weight: column(WEIGHT, 'float32'), regWeight: column(REG_WEIGHT, 'float32') },
        tf.tensor1d(RATING),
        MU,
        L2,
        tf.tensor1d(MASK_P),
        tf.tensor1d(MASK_Q),
      );
      return { loss: r.loss, dP: r.dP, dQ: r.dQ, dA: r.dAttributes };
    });
    const [loss, dP, dQ, dA] = await Promise.all([g.loss.array(), g.dP.array(), g.dQ.array(), g.dA.array()]);
    tf.dispose(g);
    // The summed data loss alone: objective at λ = 0, times B.
    let dataLoss = 0;
    for (let k = 0; k < 2; k++) {
      const composed = Q[k]!.map((x, c) => x + SAMPLE.reduce((s, sk, e) => s + (sk === k ? WEIGHT[e]! * A[e]![c]! : 0), 0));
      dataLoss += (MU + P[k]!.reduce((s, x, c) => s + x * composed[c]!, 0) - RATING[k]!) ** 2;
    }
    expect(loss).toBeCloseTo(dataLoss, 5);
    const check = (which: 'p' | 'q' | 'a', analytic: number[][], mask: number[]) => {
      analytic.forEach((row, r) =>
        row.forEach((value, c) => {
          if (mask[c] === 0) expect(value).toBe(0);
          else expect(value).toBeCloseTo(numeric(which, r, c), 5);
        }),
      );
    };
    check('p', dP, MASK_P);
    check('q', dQ, MASK_Q);
    check('a', dA, MASK_Q);
  });
});

describe('feature-aware squared-error gradients in one pass on plain arrays (ratingGradientsInto)', () => {
  it('match finite differences, summed per distinct row; constant columns get none', () => {
    // The fixture above as one table: P (rows 0, 1), Q (rows 2, 3), A (rows 4–6), every row its
    // own slot, so the gradient rows compare one to one with the finite differences; the per-row
    // sum over samples sharing a row is checked after.
    const width = 4;
    const weights = Float32Array.from([...P, ...Q, ...A].flat());
    const rows = {
      user: Int32Array.of(0, 1),
      item: Int32Array.of(2, 3),
      rating: Float32Array.from(RATING),
      userSlot: Int32Array.of(0, 1),
      itemSlot: Int32Array.of(2, 3),
      entrySample: Int32Array.from(SAMPLE),
      attribute: Int32Array.of(4, 5, 6),
      attributeSlot: Int32Array.of(4, 5, 6),
      weight: Float32Array.from(WEIGHT),
      regWeight: Float32Array.from(REG_WEIGHT),
    };
    const terms = { globalMean: MU, l2: L2, maskP: Float32Array.from(MASK_P), maskQ: Float32Array.from(MASK_Q) };
    const grad = new Float32Array(7 * width);
    const loss = ratingGradientsInto(weights, width, rows, terms, grad);
    let dataLoss = 0;
    for (let k = 0; k < 2; k++) {
      const composed = Q[k]!.map((x, c) => x + SAMPLE.reduce((s, sk, e) => s + (sk === k ? WEIGHT[e]! * A[e]![c]! : 0), 0));
      dataLoss += (MU + P[k]!.reduce((s, x, c) => s + x * composed[c]!, 0) - RATING[k]!) ** 2;
    }
    expect(loss).toBeCloseTo(dataLoss, 5);
    const check = (which: 'p' | 'q' | 'a', first: number, count: number, mask: number[]) => {
      for (let r = 0; r < count; r++) {
        for (let c = 0; c < width; c++) {
          const value = grad[(first + r) * width + c]!;
          if (mask[c] === 0) expect(value).toBe(0);
          else expect(value).toBeCloseTo(numeric(which, r, c), 5);
        }
      }
    };
    check('p', 0, 2, MASK_P);
    check('q', 2, 2, MASK_Q);
    check('a', 4, 3, MASK_Q);
    // Two samples on the same rows (slots 0 and 1 for every sample): the gradients add up.
    const shared = new Float32Array(2 * width);
    ratingGradientsInto(weights, width, { ...rows, entrySample: new Int32Array(0), attribute: new Int32Array(0), attributeSlot: new Int32Array(0), weight: new Float32Array(0), regWeight: new Float32Array(0), userSlot: Int32Array.of(0, 0), itemSlot: Int32Array.of(1, 1) }, terms, shared);
    const alone = (k: number) => {
      const g = new Float32Array(2 * width);
      const one = { user: rows.user.subarray(k, k + 1), item: rows.item.subarray(k, k + 1), rating: rows.rating.subarray(k, k + 1), userSlot: Int32Array.of(0), itemSlot: Int32Array.of(1) };
      ratingGradientsInto(weights, width, { ...rows, ...one, entrySample: new Int32Array(0), attribute: new Int32Array(0), attributeSlot: new Int32Array(0), weight: new Float32Array(0), regWeight: new Float32Array(0) }, terms, g);
      // Alone, a sample is a batch of 1: its gradient is B = 2 times its share of the batch's.
      return g.map((x) => x / 2);
    };
    const [g0, g1] = [alone(0), alone(1)];
    shared.forEach((x, k) => expect(x).toBeCloseTo(g0[k]! + g1[k]!, 6));
  });
});
