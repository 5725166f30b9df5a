// The SIMD kernel in headless Chromium, on the TF.js WASM backend the page loads (the variant a
// page without cross-origin isolation gets: a plain, non-shared memory): it loads, agrees with the
// JS step, and BPR-MF training takes it; on WebGPU training takes the fused WGSL step (webgpu/).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend.ts';
import { wasmHeap } from '../wasm-heap.ts';
import { BprSampler } from '../bpr-sampler.ts';
import { BprMf } from '../mf-bpr.ts';
import { parityBatches, runParity } from '../../../tests/helpers/models/bpr-step-parity.ts';
import { ALL_ROWS, CLUSTERS } from '../../../tests/helpers/models/tiny-table.ts';
import { bprStepKernel } from './bpr-step-kernel.ts';

describe('BPR step kernel in Chromium', () => {
  it('loads on the WASM backend and agrees with the JS reference step', async () => {
    await useBackend('wasm');
    const heap = wasmHeap();
    if ('unavailable' in heap) throw new Error(heap.unavailable);
    expect(heap.memory.buffer).toBeInstanceOf(ArrayBuffer);
    const kernel = bprStepKernel(8);
    if ('unavailable' in kernel) throw new Error(kernel.unavailable);
    const result = await runParity(kernel, 7, 13, 8, parityBatches(7, 13, 6, 40, 3));
    for (const part of ['weights', 'm', 'v', 'loss'] as const) expect(result.relative[part]).toBeLessThan(1e-6);
  });

  it('is the path BPR-MF training takes on WASM; WebGPU takes the fused WGSL step', async () => {
    const train = async () => {
      const model = BprMf.create(4, 6, { dim: 8, batchSize: 4, lr: 0.05, seed: 5 });
      const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
      for (let e = 0; e < 3; e++) await model.trainEpoch(sampler.epoch(model.random));
      const out = { step: model.lastStep, embeddings: (await model.userEmbeddings()).data };
      model.dispose();
      return out;
    };
    await useBackend('wasm');
    const simd = await train();
    expect(simd.step).toEqual({ path: 'wasm-simd' });
    await useBackend('webgpu');
    const gpu = await train();
    expect(gpu.step).toEqual({ path: 'webgpu-fused' });
    // Same math on both paths: the two backends train to the same embeddings (float32 noise apart).
    simd.embeddings.forEach((x, k) => expect(x).toBeCloseTo(gpu.embeddings[k]!, 4));
    expect(tf.getBackend()).toBe('webgpu');
  });
});
