import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamScalars, lazyAdamRows, type AdamConfig } from './lazy-adam.ts';
import { FactorTable } from './factor-table.ts';
import { nodeBackend } from './testing/use-node-backend.ts';

const adam: AdamConfig = { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Textbook dense Adam on plain arrays (PyTorch's formula), one step at t. */
function denseAdam(w: number[], m: number[], v: number[], g: number[], t: number) {
  const m1 = m.map((x, k) => adam.beta1 * x + (1 - adam.beta1) * g[k]!);
  const v1 = v.map((x, k) => adam.beta2 * x + (1 - adam.beta2) * g[k]! ** 2);
  const w1 = w.map((x, k) => {
    const mHat = m1[k]! / (1 - adam.beta1 ** t);
    const vHat = v1[k]! / (1 - adam.beta2 ** t);
    return x - (adam.lr * mHat) / (Math.sqrt(vHat) + adam.epsilon);
  });
  return { w: w1, m: m1, v: v1 };
}

describe.each(['wasm', 'cpu'] as const)('lazy Adam on %s', (backend) => {
  beforeAll(async () => {
    await nodeBackend(backend);
  });

  it('first step moves each weight by lr against the gradient sign (hand-computed)', async () => {
    // t = 1: m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) ≈ ±lr.
    const out = tf.tidy(() =>
      lazyAdamRows(
        { weights: tf.tensor2d([[1, 2]]), m: tf.zeros([1, 2]), v: tf.zeros([1, 2]) },
        tf.tensor2d([[0.5, -4]]),
        adam,
        1,
      ),
    );
    expect(Array.from(await out.weights.data())).toEqual([expect.closeTo(0.9, 6), expect.closeTo(2.1, 6)]);
    expect(Array.from(await out.m.data())).toEqual([expect.closeTo(0.05, 7), expect.closeTo(-0.4, 7)]);
    expect(Array.from(await out.v.data())).toEqual([expect.closeTo(0.00025, 9), expect.closeTo(0.016, 8)]);
    tf.dispose(out);
  });

  it('updates only the touched rows of a 3×2 table, matching dense Adam there', async () => {
    const w = [
      [0.1, -0.2],
      [0.3, 0.4],
      [-0.5, 0.6],
    ];
    const m = [
      [0.01, 0.02],
      [0.03, -0.04],
      [0.05, 0.06],
    ];
    const v = [
      [0.001, 0.002],
      [0.003, 0.004],
      [0.005, 0.006],
    ];
    const t = 3;
    const table = FactorTable.fromData({
      rows: 3,
      width: 2,
      weights: Float32Array.from(w.flat()),
      m: Float32Array.from(m.flat()),
      v: Float32Array.from(v.flat()),
    });
    // Rows 2 and 0 touched (in that order), row 1 not: its moments must not decay.
    const grads = [
      [0.7, -0.1],
      [0.2, 0.3],
    ];
    const next = tf.tidy(() => table.next(tf.tensor2d([[2], [0]], [2, 1], 'int32'), tf.tensor2d(grads), adam, t));
    table.replace(next);
    const data = await table.toData();
    const expected = [denseAdam(w[0]!, m[0]!, v[0]!, grads[1]!, t), null, denseAdam(w[2]!, m[2]!, v[2]!, grads[0]!, t)];
    for (let r = 0; r < 3; r++) {
      const e = expected[r];
      const row = (a: Float32Array) => Array.from(a.subarray(r * 2, r * 2 + 2));
      const want = e ? e : { w: w[r]!, m: m[r]!, v: v[r]! };
      for (const [got, exp] of [
        [row(data.weights), want.w],
        [row(data.m), want.m],
        [row(data.v), want.v],
      ] as const) {
        expect(got[0]).toBeCloseTo(exp[0]!, 6);
        expect(got[1]).toBeCloseTo(exp[1]!, 6);
      }
    }
    // The untouched row is bit-identical.
    expect(Array.from(data.weights.subarray(2, 4))).toEqual(Array.from(Float32Array.from(w[1]!)));
    table.dispose();
  });

  it('folds bias correction into two scalars equal to the textbook form', () => {
    const { stepSize, epsilonHat } = adamScalars(adam, 5);
    const m = 0.3;
    const v = 0.02;
    const textbook = (adam.lr * (m / (1 - 0.9 ** 5))) / (Math.sqrt(v / (1 - 0.999 ** 5)) + adam.epsilon);
    expect((stepSize * m) / (Math.sqrt(v) + epsilonHat)).toBeCloseTo(textbook, 12);
  });
});
