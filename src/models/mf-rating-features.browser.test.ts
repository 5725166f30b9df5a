// Feature-aware biased MF on WebGPU (SwiftShader) in headless Chromium: the fused WGSL step there,
// and the tensor-op path (gather, scatterND composition, per-row gradient sums) with the fused
// kernels off, against the same training on WASM in the same page (the in-place SIMD kernel), and
// the cold-film effect of the Node test.
import { describe, expect, it } from 'vitest';
import { useBackend, type BackendName } from './backend.ts';
import { setFusedWebGpu } from './webgpu/fused-switch.ts';
import { itemFeatures, type AttributeMode } from './item-features.ts';
import { RatingMf } from './mf-rating.ts';
import type { StepPath } from './step-info.ts';
import { meanRating, ratedRows, shuffledRatings } from './rating-rows.ts';
import { directorRatings } from '../../tests/helpers/models/director-ratings.ts';

const CONFIG = { dim: 8, batchSize: 256, lr: 0.05, l2: 0.01, seed: 5 };

async function heldOutPredictions(backend: BackendName, mode: AttributeMode, epochs: number): Promise<{ predicted: Float32Array; truth: Float32Array; step: StepPath | null }> {
  expect((await useBackend(backend)).backend).toBe(backend);
  const data = directorRatings();
  const rows = ratedRows(data.train, Int32Array.from({ length: data.train.length }, (_, k) => k));
  const model = RatingMf.create(data.numUsers, data.numItems, meanRating(rows), CONFIG, itemFeatures(data.items, mode));
  try {
    for (let e = 0; e < epochs; e++) await model.trainEpoch(shuffledRatings(rows, model.random));
    return { predicted: await model.scorePairs(data.heldOut.user, data.heldOut.item), truth: data.heldOut.rating, step: model.lastStep?.path ?? null };
  } finally {
    model.dispose();
  }
}

function meanAbsError(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += Math.abs(a[k]! - b[k]!);
  return sum / a.length;
}

describe('feature-aware biased MF on WebGPU', () => {
  it('trains as it does on WASM, and predicts cold films from their director', async () => {
    const gpu = await heldOutPredictions('webgpu', 'dataset', 20);
    const wasm = await heldOutPredictions('wasm', 'dataset', 20);
    setFusedWebGpu(false);
    const ops = await heldOutPredictions('webgpu', 'dataset', 20).finally(() => setFusedWebGpu(true));
    // Same seed, same math on three paths (fused WGSL and tensor ops on WebGPU, the in-place SIMD
    // kernel on WASM), different float arithmetic: the predictions agree closely.
    expect([gpu.step, ops.step, wasm.step]).toEqual(['webgpu-fused', 'tensor-ops', 'wasm-simd']);
    expect(meanAbsError(gpu.predicted, wasm.predicted)).toBeLessThan(1e-3);
    expect(meanAbsError(ops.predicted, wasm.predicted)).toBeLessThan(1e-3);
    const plain = await heldOutPredictions('webgpu', 'none', 20);
    const aware = meanAbsError(gpu.predicted, gpu.truth);
    const without = meanAbsError(plain.predicted, plain.truth);
    console.log(`WebGPU, 20 epochs, cold films: mean abs error ${without.toFixed(3)} plain, ${aware.toFixed(3)} with directors`);
    expect(aware).toBeLessThan(without / 2);
  }, 300_000);
});
