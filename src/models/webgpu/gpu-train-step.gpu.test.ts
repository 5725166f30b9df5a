// The fused WebGPU training step in Node (Dawn on SwiftShader's Vulkan driver; vite.config.ts's
// `webgpu` project): it equals the JS reference step (weights, m, v, loss), leaves untouched rows
// bit-identical, refuses out-of-range indices before writing anything, and is the path training takes.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.ts';
import { BprSampler } from '../bpr-sampler.ts';
import { FactorTable } from '../factor-table.ts';
import { BprMf } from '../mf-bpr.ts';
import { Random } from '../../random.ts';
import { beyondTolerance, LARGE_SHAPE_TOLERANCE, PARITY_CONFIG, parityBatches } from '../../../tests/helpers/models/bpr-step-parity.ts';
import { jsStep, parityModel, parityRatingBatches, runRatingParity } from '../../../tests/helpers/models/rating-step-parity.ts';
import { ALL_ROWS, CLUSTERS } from '../../../tests/helpers/models/tiny-table.ts';
import { FusedGpuSteps } from './fused-steps.ts';
import { setFusedWebGpu } from './fused-switch.ts';
import { fusedRatingStep, runFusedBprParity } from '../../../tests/helpers/models/fused-parity.ts';

beforeAll(async () => {
  await useBackend('webgpu');
});

describe('fused BPR step (WGSL) on TF.js WebGPU tensors', () => {
  it('equals the JS reference step (weights, m, v, loss) step by step, with repeated rows and i+ = i−', async () => {
    // dim 8: four columns per load (vec4); dim 6: one at a time.
    for (const dim of [8, 6]) {
      const result = await runFusedBprParity(7, 13, dim, parityBatches(7, 13, 6, 40, 3));
      expect(result.steps).toBe(6);
      expect(result.untouchedChanged).toBe(0);
      for (const part of ['m', 'v', 'loss'] as const) expect(result.relative[part]).toBeLessThan(1e-6);
      expect(result.relative.weights).toBeLessThan(1e-5);
    }
  });

  it('equals the JS reference step at the benchmark shape (dim 64, batch 4096); untouched rows bit-identical', async () => {
    const result = await runFusedBprParity(600, 3000, 64, parityBatches(600, 3000, 3, 4096, 5));
    expect(result.untouchedChanged).toBe(0);
    expect(beyondTolerance(result.relative, LARGE_SHAPE_TOLERANCE)).toEqual([]);
  });

  it('refuses indices outside the table with a typed error and writes nothing', async () => {
    const table = FactorTable.random(5, 4, new Random(3), 0.1);
    const fused = new FusedGpuSteps();
    const before = await table.toData();
    const batch = (user: number, item: number) => ({ user: Int32Array.of(user), positive: Int32Array.of(0), negative: Int32Array.of(item), itemOffset: 2 });
    expect(() => fused.bpr(table, batch(2, 0), PARITY_CONFIG, 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_USER' }));
    expect(() => fused.bpr(table, batch(0, 3), PARITY_CONFIG, 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_ITEM' }));
    expect(() => fused.bpr(table, batch(-1, 0), PARITY_CONFIG, 1)).toThrow(/user index -1/);
    const after = await table.toData();
    for (const part of ['weights', 'm', 'v'] as const) expect(Array.from(after[part])).toEqual(Array.from(before[part]));
    // And a valid batch does write (the test above would pass vacuously otherwise).
    expect(fused.bpr(table, batch(0, 1), PARITY_CONFIG, 1)).toBeNull();
    expect(Array.from((await table.toData()).weights)).not.toEqual(Array.from(before.weights));
    table.dispose();
    fused.dispose();
  });

  it('does not write tensors that share their storage (a clone), and says why', async () => {
    const table = FactorTable.random(4, 4, new Random(3), 0.1);
    const alias = table.state().weights.clone();
    const fused = new FusedGpuSteps();
    const outcome = fused.bpr(table, { user: Int32Array.of(0), positive: Int32Array.of(0), negative: Int32Array.of(1), itemOffset: 2 }, PARITY_CONFIG, 1);
    expect(outcome).toEqual({ unavailable: expect.stringContaining('share their storage') });
    alias.dispose();
    table.dispose();
    fused.dispose();
  });

  it('is the path BPR-MF trains with on WebGPU, to the JS step\'s weights; tensor ops when turned off', async () => {
    const train = async (backend: 'webgpu' | 'cpu', fused = true) => {
      await useBackend(backend);
      setFusedWebGpu(fused);
      const model = BprMf.create(4, 6, { dim: 8, batchSize: 4, lr: 0.05, seed: 5 });
      const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
      const losses: number[] = [];
      for (let e = 0; e < 5; e++) losses.push((await model.trainEpoch(sampler.epoch(model.random), { reportEvery: 1 })).loss);
      const out = { step: model.lastStep, losses, embeddings: (await model.userEmbeddings()).data };
      model.dispose();
      setFusedWebGpu(true);
      return out;
    };
    const gpu = await train('webgpu');
    const js = await train('cpu');
    const ops = await train('webgpu', false);
    await useBackend('webgpu');
    expect(gpu.step).toEqual({ path: 'webgpu-fused' });
    expect(js.step).toEqual({ path: 'js-in-place', kernelUnavailable: 'the active TF.js backend is cpu, not wasm' });
    expect(ops.step).toEqual({ path: 'tensor-ops', kernelUnavailable: expect.stringContaining('turned off') });
    gpu.embeddings.forEach((x, k) => expect(x).toBeCloseTo(js.embeddings[k]!, 5));
    gpu.losses.forEach((loss, e) => expect(loss).toBeCloseTo(js.losses[e]!, 5));
    ops.embeddings.forEach((x, k) => expect(x).toBeCloseTo(js.embeddings[k]!, 4));
    expect(tf.getBackend()).toBe('webgpu');
  });
});

describe('fused rating step (WGSL) on TF.js WebGPU tensors', () => {
  const fused = new FusedGpuSteps();
  afterAll(() => fused.dispose());

  it.each([
    ['plain biased MF', 0],
    ['with attributes', 5],
  ])('%s: equals the JS step, step by step from identical tables; untouched rows bit-identical', async (_, attributes) => {
    // dim 6: width 8, four columns per load, the constant columns masked inside a vec4; dim 5: width 7, one at a time.
    for (const dim of [6, 5]) {
      const model = parityModel(9, 14, dim, attributes, 2);
      const result = await runRatingParity(model, parityRatingBatches(model, 4, 40, 3), jsStep(), fusedRatingStep(fused));
      expect(result.untouchedChanged).toBe(0);
      for (const part of ['weights', 'm', 'v', 'loss'] as const) expect(result.relative[part]).toBeLessThan(1e-5);
    }
  });

  it('equals the JS step at the eval shape (dim 64, batch 4096, ~2 attributes per item)', async () => {
    const model = parityModel(600, 3000, 64, 20, 4);
    const result = await runRatingParity(model, parityRatingBatches(model, 2, 4096, 5), jsStep(), fusedRatingStep(fused));
    expect(result.untouchedChanged).toBe(0);
    expect(beyondTolerance(result.relative, LARGE_SHAPE_TOLERANCE)).toEqual([]);
  });
});
