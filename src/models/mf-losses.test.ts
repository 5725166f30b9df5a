import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bprGradients, squaredErrorGradients } from './mf-losses.ts';
import { nodeBackend } from './testing/use-node-backend.ts';

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
      tf.softplus(a.mul(b.sub(c)).sum(1).neg()).sum().add(a.square().sum().add(b.square().sum()).add(c.square().sum()).mul(l2 / 2)).div(3);
    const auto = tf.grads((a, b, c) => mean(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D))([p, qi, qj]);
    const closed = bprGradients(p, qi, qj, l2);
    await expectClose(closed.dP, auto[0]!);
    await expectClose(closed.dPositive, auto[1]!);
    await expectClose(closed.dNegative, auto[2]!);
    // Hand check of the (data) loss for sample 0: x = p·(qi − qj) = 0.1·0.5 + (−0.3)(−0.1) = 0.08.
    const sample0 = Math.log1p(Math.exp(-0.08));
    const one = bprGradients(p.slice([0, 0], [1, 2]), qi.slice([0, 0], [1, 2]), qj.slice([0, 0], [1, 2]), l2);
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
      const pa = a.mul(mP).add(pFixed.mul(tf.sub(1, mP)));
      const qb = b.mul(mQ).add(qFixed.mul(tf.sub(1, mQ)));
      const e = pa.mul(qb).sum(1).add(3.5).sub(r);
      return e.square().sum().add(pa.mul(mP).square().sum().add(qb.mul(mQ).square().sum()).mul(0.1 / 2)).div(2);
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
});
