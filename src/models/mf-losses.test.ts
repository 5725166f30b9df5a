import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
// The reference here is TF.js autodiff, whose gradients tfjs-core registers only on request (the
// library itself never differentiates, so it never loads them).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { bprGradients, bprGradientsInto, squaredErrorGradients } from './mf-losses.ts';
import { nodeBackend } from '../../tests/helpers/models/use-node-backend.ts';

async function expectClose(a: tf.Tensor, b: tf.Tensor): Promise<void> {
  const [x, y] = [await a.data(), await b.data()];
  expect(x.length).toBe(y.length);
  expect(Array.from(x).map((v) => v.toFixed(5))).toEqual(Array.from(y).map((v) => v.toFixed(5)));
}

describe('closed-form MF gradients equal TF.js autodiff (on the gathered rows)', () => {
  beforeAll(async () => {
    await nodeBackend('cpu'); // autodiff reference on the reference backend
  });

  it('BPR', async () => {
    const p = tf.tensor2d([[0.1, -0.3], [0.5, 0.2], [0.1, -0.3]]);
    const qi = tf.tensor2d([[0.4, 0.1], [-0.2, 0.3], [0.0, 0.5]]);
    const qj = tf.tensor2d([[-0.1, 0.2], [0.3, 0.3], [0.2, -0.4]]);
    const l2 = 0.05;
    // The objective written out independently: mean over samples of −ln σ(x) + (λ/2)(‖p‖² + ‖q+‖² + ‖q−‖²).
    const mean = (a: tf.Tensor2D, b: tf.Tensor2D, c: tf.Tensor2D) =>
      tf.div(tf.add(tf.sum(tf.softplus(tf.neg(tf.sum(tf.mul(a, tf.sub(b, c)), 1)))), tf.mul(tf.add(tf.add(tf.sum(tf.square(a)), tf.sum(tf.square(b))), tf.sum(tf.square(c))), l2 / 2)), 3);
    const auto = tf.grads((a, b, c) => mean(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D))([p, qi, qj]);
    const closed = bprGradients(p, qi, qj, l2);
    await expectClose(closed.dP, auto[0]!);
    await expectClose(closed.dPositive, auto[1]!);
    await expectClose(closed.dNegative, auto[2]!);
    // Hand check of the (data) loss for sample 0: x = p·(qi − qj) = 0.1·0.5 + (−0.3)(−0.1) = 0.08.
    const sample0 = Math.log1p(Math.exp(-0.08));
    const one = bprGradients(tf.slice(p, [0, 0], [1, 2]), tf.slice(qi, [0, 0], [1, 2]), tf.slice(qj, [0, 0], [1, 2]), l2);
    expect((await one.loss.data())[0]).toBeCloseTo(sample0, 6);
  });

  it('squared error with masked constant columns', async () => {
    // rows [p, b, 1] and [q, 1, b]
    const p = tf.tensor2d([[0.2, 0.1, 0.3, 1], [-0.4, 0.2, -0.1, 1]]);
    const q = tf.tensor2d([[0.5, -0.2, 1, 0.4], [0.1, 0.3, 1, -0.2]]);
    const r = tf.tensor1d([4, 2]);
    const mP = tf.tensor1d([1, 1, 1, 0]);
    const mQ = tf.tensor1d([1, 1, 0, 1]);
    // The constant columns come from fixed copies, so autodiff sees them as constants.
    const [pFixed, qFixed] = [p.clone(), q.clone()];
    // The objective written out independently: mean of (3.5 + p̃·q̃ − r)² + (λ/2)(‖p̃⊙mP‖² + ‖q̃⊙mQ‖²).
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const pa = tf.add(tf.mul(a, mP), tf.mul(pFixed, tf.sub(1, mP)));
      const qb = tf.add(tf.mul(b, mQ), tf.mul(qFixed, tf.sub(1, mQ)));
      const e = tf.sub(tf.add(tf.sum(tf.mul(pa, qb), 1), 3.5), r);
      const penalty = tf.add(tf.sum(tf.square(tf.mul(pa, mP))), tf.sum(tf.square(tf.mul(qb, mQ))));
      return tf.div(tf.add(tf.sum(tf.square(e)), tf.mul(penalty, 0.1 / 2)), 2);
    };
    const auto = tf.grads(f)([p, q]);
    const closed = squaredErrorGradients(p, q, r, 3.5, 0.1, mP, mQ);
    await expectClose(closed.dP, auto[0]!);
    await expectClose(closed.dQ, auto[1]!);
    // Hand check: prediction 0 = 3.5 + 0.2·0.5 + 0.1·(−0.2) + 0.3 + 0.4 = 4.28, error 0.28.
    const e0 = 0.28;
    const e1 = 3.5 + -0.04 + 0.06 - 0.1 - 0.2 - 2; // 1.22
    expect((await closed.loss.data())[0]).toBeCloseTo(e0 ** 2 + e1 ** 2, 5);
  });

  it('BPR on plain arrays (the WASM/CPU step) equals the tensor form, summed per distinct row', async () => {
    // Table rows: 0 = user a, 1 = user b, 2..4 = items. Samples: (a, 2, 3), (b, 4, 2), (a, 2, 3):
    // user a and the pair (2, 3) repeat, and item 2 is a positive and a negative, so sums matter.
    const table = [[0.1, -0.3], [0.5, 0.2], [0.4, 0.1], [-0.1, 0.2], [0.3, 0.3]];
    const user = Int32Array.of(0, 1, 0);
    const positive = Int32Array.of(2, 4, 2);
    const negative = Int32Array.of(3, 2, 3);
    // Distinct rows in first-seen order [0, 1, 2, 4, 3] → slots.
    const slotOf = [0, 1, 2, 4, 3];
    const slot = (rows: Int32Array) => rows.map((r) => slotOf[r]!);
    const grad = new Float32Array(5 * 2);
    const l2 = 0.05;
    const loss = bprGradientsInto(Float32Array.from(table.flat()), 2, { user, positive, negative, userSlot: slot(user), positiveSlot: slot(positive), negativeSlot: slot(negative) }, l2, grad);
    const rows = (r: Int32Array) => tf.tensor2d(Array.from(r, (k) => table[k]!));
    const closed = bprGradients(rows(user), rows(positive), rows(negative), l2);
    const summed = tf.scatterND(
      tf.tensor2d(Array.from([...slot(user), ...slot(positive), ...slot(negative)], (s) => [s]), [9, 1], 'int32'),
      tf.concat([closed.dP, closed.dPositive, closed.dNegative], 0),
      [5, 2],
    );
    expect(Array.from(grad).map((v) => v.toFixed(6))).toEqual(Array.from(await summed.data()).map((v) => v.toFixed(6)));
    expect(loss).toBeCloseTo((await closed.loss.data())[0]!, 6);
    // Hand check: sample 0 (and 2) has x = 0.1·0.5 + (−0.3)(−0.1) = 0.08, as in the test above.
    const x1 = 0.5 * (0.3 - 0.4) + 0.2 * (0.3 - 0.1); // sample 1: −0.01
    expect(loss).toBeCloseTo(2 * Math.log1p(Math.exp(-0.08)) + Math.log1p(Math.exp(-x1)), 6);
  });
});
