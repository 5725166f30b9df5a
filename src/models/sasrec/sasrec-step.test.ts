import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../tests/helpers/models/use-node-backend.ts';
import { paramLayout } from './param-layout.ts';
import { flatGradient, loadGradients, lossTensors, paddedColumns, sliceParams, tensorStep } from './tensor-path.ts';
import { JsPackedRunner } from './packed-runner.ts';
import { jsRun, packedGradients, randomWeights, tinyBatch, tinyConfig, TINY_ITEMS, worstRelativeError } from '../../../tests/helpers/models/sasrec/tiny-sasrec.ts';
import { forward } from './sasrec-step.ts';

describe('the packed step (JS ops) against TF.js autodiff on the padded batch', () => {
  beforeAll(async () => {
    await nodeBackend('cpu');
    await loadGradients();
  });

  it.each([
    [1, 1],
    [2, 1],
    [2, 3],
  ])('gives the same loss and gradient of every parameter (%i heads, %i negatives per position)', (heads, negatives) => {
    const config = tinyConfig({ heads, negatives });
    const layout = paramLayout(config, TINY_ITEMS);
    const weights = randomWeights(layout, 3);
    const batch = tinyBatch(5, negatives);
    const packed = packedGradients(jsRun(config, TINY_ITEMS, weights, batch), config, batch);

    const { loss, grad } = tf.tidy(() => {
      const w = tf.tensor1d(weights);
      const columns = paddedColumns(batch, config.maxLen);
      const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => lossTensors(ps, layout, config, columns, batch.seqs, null))(sliceParams(w, layout));
      return { loss: value.dataSync()[0]!, grad: flatGradient(grads, layout).dataSync() as Float32Array };
    });
    expect(packed.loss).toBeCloseTo(loss, 5);
    expect(worstRelativeError(packed.grad, grad, layout).error).toBeLessThan(1e-4);
    // Not vacuous: the attention and feed-forward weights do get gradient.
    for (const name of ['b0.wq', 'b0.wk', 'b1.w1', 'position']) {
      const slot = layout.slots.find((s) => s.name === name)!;
      expect(Math.max(...Array.from(packed.grad.subarray(slot.offset, slot.offset + slot.size), Math.abs)), name).toBeGreaterThan(1e-4);
    }
  });
});

describe('a training batch packed for another number of negatives', () => {
  it('is refused before it reaches the arena (CONFIG_INVALID), instead of being read with the wrong stride', () => {
    const config = tinyConfig({ negatives: 2 });
    expect(() => jsRun(config, TINY_ITEMS, randomWeights(paramLayout(config, TINY_ITEMS), 3), tinyBatch(5, 1))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('carries 1 negative(s) per position, the model 2') }),
    );
  });
});

describe('the packed step with dropout', () => {
  it('has the gradient of its own loss: a directional derivative matches finite differences', () => {
    const config = tinyConfig({ dropout: 0.3, heads: 2 });
    const layout = paramLayout(config, TINY_ITEMS);
    const weights = randomWeights(layout, 11);
    const batch = tinyBatch();
    const seed = 1234;
    const { grad } = packedGradients(jsRun(config, TINY_ITEMS, weights, batch), config, batch, seed);
    // A random direction over every parameter but the padding row (never read).
    const direction = randomWeights(layout, 12).map((x, k) => (k < config.dim ? 0 : x));
    const lossAt = (eps: number) => packedGradients(jsRun(config, TINY_ITEMS, weights.map((w, k) => w + eps * direction[k]!), batch), config, batch, seed).loss;
    const eps = 1e-3;
    const numeric = (lossAt(eps) - lossAt(-eps)) / (2 * eps);
    const analytic = grad.reduce((s, g, k) => s + g * direction[k]!, 0);
    expect(Math.abs(analytic)).toBeGreaterThan(0.05);
    expect(numeric).toBeCloseTo(analytic, 2);
  });

  it('draws other masks for another seed, and none at inference', () => {
    const config = tinyConfig({ dropout: 0.5 });
    const layout = paramLayout(config, TINY_ITEMS);
    const weights = randomWeights(layout, 2);
    const batch = tinyBatch();
    const loss = (seed: number) => packedGradients(jsRun(config, TINY_ITEMS, weights, batch), config, batch, seed).loss;
    expect(loss(1)).toBe(loss(1));
    expect(loss(1)).not.toBe(loss(2));
    expect(packedGradients(jsRun(config, TINY_ITEMS, weights, batch), config, batch, -1).loss).toBe(
      packedGradients(jsRun(tinyConfig({ dropout: 0 }), TINY_ITEMS, weights, batch), tinyConfig({ dropout: 0 }), batch, -1).loss,
    );
  });
});

describe('causality', () => {
  it("a position's output does not depend on later items of its sequence, nor on other sequences", () => {
    const config = tinyConfig();
    const layout = paramLayout(config, TINY_ITEMS);
    const weights = randomWeights(layout, 5);
    const batch = tinyBatch();
    const outputs = (input: Int32Array) => {
      const run = jsRun(config, TINY_ITEMS, weights, { ...batch, input });
      forward(run.ops, run.at, run.w, layout, config, batch, -1);
      return run.F.slice(run.at.hF, run.at.hF + batch.rows * config.dim);
    };
    const base = outputs(batch.input);
    // Change the 4th item of the first sequence (row 3): rows 0..2 keep their outputs, row 3 and 4 change.
    const changed = batch.input.slice();
    changed[3] = 7;
    const after = outputs(changed);
    const d = config.dim;
    const row = (a: Float32Array, r: number) => Array.from(a.subarray(r * d, (r + 1) * d));
    for (const r of [0, 1, 2, 5, 6, 7, 8, 9]) expect(row(after, r)).toEqual(row(base, r));
    for (const r of [3, 4]) expect(row(after, r)).not.toEqual(row(base, r));
  });
});

describe('the tensor-op step (GPU backends) against the packed step', () => {
  beforeAll(async () => {
    await nodeBackend('cpu');
    await loadGradients();
  });

  it('takes the same Adam step: equal loss and first moments', async () => {
    const config = tinyConfig({ heads: 2 });
    const layout = paramLayout(config, TINY_ITEMS);
    const weights = randomWeights(layout, 21);
    const batch = tinyBatch();
    const packed = { w: weights.slice(), m: new Float32Array(layout.size), v: new Float32Array(layout.size) };
    const packedLoss = new JsPackedRunner(config, layout).train(packed, batch, -1, 1);
    const out = tf.tidy(() => {
      const state = { w: tf.tensor1d(weights), m: tf.zeros([layout.size]) as tf.Tensor1D, v: tf.zeros([layout.size]) as tf.Tensor1D };
      const next = tensorStep(state, layout, config, batch, 0, 1);
      return { loss: next.loss.dataSync()[0]!, m: next.m.dataSync() as Float32Array };
    });
    expect(out.loss).toBeCloseTo(packedLoss, 4);
    // m after one step is (1 − β1)·gradient: the gradients agree.
    expect(worstRelativeError(out.m, packed.m, layout).error).toBeLessThan(1e-4);
  });
});
