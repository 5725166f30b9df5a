import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamScalars, type AdamConfig } from './adam-config.ts';
import { lazyAdamInPlace, lazyAdamRows } from './lazy-adam.ts';
import { FactorTable } from './factor-table.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';

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

  it('update (tensor path) sums duplicate sample rows per table row, then matches dense Adam', async () => {
    const table = FactorTable.fromData({ rows: 2, width: 1, weights: Float32Array.of(1, 2), m: new Float32Array(2), v: new Float32Array(2) });
    // Three sample rows: two land on table row 1 (slot 0: 0.25 + 0.5 = 0.75), one on row 0 (slot 1).
    tf.tidy(() => table.update(Int32Array.of(1, 0), Int32Array.of(0, 1, 0), tf.tensor2d([[0.25], [-2], [0.5]]), adam, 1));
    const data = await table.toData();
    const row1 = denseAdam([2], [0], [0], [0.75], 1);
    const row0 = denseAdam([1], [0], [0], [-2], 1);
    expect(data.weights[0]).toBeCloseTo(row0.w[0]!, 6);
    expect(data.weights[1]).toBeCloseTo(row1.w[0]!, 6);
    expect(data.m[1]).toBeCloseTo(row1.m[0]!, 7);
    expect(data.v[1]).toBeCloseTo(row1.v[0]!, 9);
    table.dispose();
  });

  it('updateInPlace writes into the table tensors themselves (WASM/CPU), and leaves shared storage alone', async () => {
    const table = FactorTable.fromData({ rows: 2, width: 2, weights: Float32Array.of(1, 2, 3, 4), m: new Float32Array(4), v: new Float32Array(4) });
    const before = table.weights();
    const before2 = tf.memory().numTensors;
    expect(table.updateInPlace(({ weights, m }) => {
      weights[3] = 40;
      m[0] = 0.5;
    })).toBe(true);
    // Same tensor object, new contents, no tensor created.
    expect(table.weights()).toBe(before);
    expect(tf.memory().numTensors).toBe(before2);
    expect(Array.from(await table.weights().data())).toEqual([1, 2, 3, 40]);
    expect((await table.toData()).m[0]).toBe(0.5);
    // A reshape shares the storage (on both backends): writing in place would change it too, so the table refuses.
    const alias = tf.reshape(table.weights(), [4]);
    let called = false;
    expect(table.updateInPlace(() => (called = true))).toBe(false);
    expect(called).toBe(false);
    alias.dispose();
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

describe('lazy Adam in place on plain arrays', () => {
  it('updates only rows `unique` of a 3×2 table, matching dense Adam there, bit-identical elsewhere', () => {
    const w = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6];
    const m = [0.01, 0.02, 0.03, -0.04, 0.05, 0.06];
    const v = [0.001, 0.002, 0.003, 0.004, 0.005, 0.006];
    const state = { weights: Float32Array.from(w), m: Float32Array.from(m), v: Float32Array.from(v) };
    // Summed gradients: slot 0 → row 2, slot 1 → row 0; row 1 untouched (its moments must not decay).
    const grad = Float32Array.of(0.7, -0.1, 0.2, 0.3);
    lazyAdamInPlace(state, 2, Int32Array.of(2, 0), grad, adam, 3);
    const row0 = denseAdam(w.slice(0, 2), m.slice(0, 2), v.slice(0, 2), [0.2, 0.3], 3);
    const row2 = denseAdam(w.slice(4, 6), m.slice(4, 6), v.slice(4, 6), [0.7, -0.1], 3);
    const want = { weights: [...row0.w, 0.3, 0.4, ...row2.w], m: [...row0.m, 0.03, -0.04, ...row2.m], v: [...row0.v, 0.003, 0.004, ...row2.v] };
    for (const part of ['weights', 'm', 'v'] as const) {
      want[part].forEach((x, k) => expect(state[part][k]).toBeCloseTo(x, 7));
      expect(Array.from(state[part].subarray(2, 4))).toEqual(Array.from(Float32Array.from([w, m, v][['weights', 'm', 'v'].indexOf(part)]!.slice(2, 4))));
    }
  });
});
