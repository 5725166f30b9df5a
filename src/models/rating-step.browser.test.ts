// The rating model's step paths in headless Chromium: tensor ops on WebGPU (SwiftShader) against
// the JS step on plain copies of the same tables; on the WASM backend's own memory, the JS step
// and the SIMD kernel (the page's single-threaded TF.js variant: a plain memory).
import { describe, expect, it } from 'vitest';
import { useBackend } from './backend.ts';
import { ratingStepKernel } from './kernels/rating-step-kernel.ts';
import { jsStep, parityModel, parityRatingBatches, runRatingParity, simdKernel } from '../../tests/helpers/models/rating-step-parity.ts';

describe('rating step in Chromium', () => {
  it.each([
    ['plain biased MF', 0],
    ['with attributes', 5],
  ])('%s: tensor ops on WebGPU agree with the JS step', async (_, attributes) => {
    expect((await useBackend('webgpu')).backend).toBe('webgpu');
    const model = parityModel(9, 14, 6, attributes, 2);
    const result = await runRatingParity(model, parityRatingBatches(model, 3, 40, 3));
    // WebGPU buffers are not addressable: the JS step ran on plain copies.
    expect(result.onTensors).toBe(false);
    expect(result.untouchedChanged).toBe(0);
    for (const part of ['weights', 'm', 'v', 'loss'] as const) expect(result.relative[part]).toBeLessThan(1e-5);
  });

  it('on the WASM backend: the JS step runs in place, and the SIMD kernel loads and agrees with it', async () => {
    expect((await useBackend('wasm')).backend).toBe('wasm');
    const model = parityModel(9, 14, 6, 5, 2);
    const batches = parityRatingBatches(model, 3, 40, 3);
    const js = await runRatingParity(model, batches);
    expect(js.onTensors).toBe(true);
    const kernel = ratingStepKernel();
    if ('unavailable' in kernel) throw new Error(kernel.unavailable);
    const simd = await runRatingParity(model, batches, jsStep(), simdKernel(kernel));
    for (const result of [js, simd]) {
      expect(result.untouchedChanged).toBe(0);
      for (const part of ['weights', 'm', 'v', 'loss'] as const) expect(result.relative[part]).toBeLessThan(1e-5);
    }
  });
});
