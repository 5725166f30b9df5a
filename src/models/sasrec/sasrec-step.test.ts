import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../testing/use-node-backend.ts';
import { paramLayout } from './param-layout.ts';
import { lossTensors, paddedColumns, sliceParams, flatGradient } from './tensor-path.ts';
import { jsRun, packedGradients, randomWeights, tinyBatch, tinyConfig, TINY_ITEMS } from './testing/tiny-sasrec.ts';

describe('the packed step (JS ops) against TF.js autodiff on the padded batch', () => {
  beforeAll(async () => {
    await nodeBackend('cpu');
  });

  it.each([1, 2])('gives the same loss and gradient of every parameter (%i heads)', (heads) => {
    const config = tinyConfig({ heads });
    const layout = paramLayout(config, TINY_ITEMS);
    const weights = randomWeights(layout, 3);
    const batch = tinyBatch();
    const packed = packedGradients(jsRun(config, TINY_ITEMS, weights, batch), config, batch);

    const { loss, grad } = tf.tidy(() => {
      const w = tf.tensor1d(weights);
      const columns = paddedColumns(batch, config.maxLen);
      const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => lossTensors(ps, layout, config, columns, batch.seqs, null))(sliceParams(w, layout));
      return { loss: value.dataSync()[0]!, grad: flatGradient(grads, layout).dataSync() as Float32Array };
    });
    expect(packed.loss).toBeCloseTo(loss, 5);
    for (const slot of layout.slots) {
      const a = packed.grad.subarray(slot.offset, slot.offset + slot.size);
      const b = grad.subarray(slot.offset, slot.offset + slot.size);
      const scale = Math.max(1e-3, ...Array.from(b, Math.abs));
      const worst = Math.max(...Array.from(a, (x, k) => Math.abs(x - b[k]!)));
      expect(worst / scale, slot.name).toBeLessThan(1e-4);
    }
    // Not vacuous: the attention and feed-forward weights do get gradient.
    const wq = layout.slots.find((s) => s.name === 'b0.wq')!;
    expect(Math.max(...Array.from(packed.grad.subarray(wq.offset, wq.offset + wq.size), Math.abs))).toBeGreaterThan(1e-4);
  });
});
