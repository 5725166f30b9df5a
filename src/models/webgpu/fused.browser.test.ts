// The fused WGSL kernels in headless Chromium (its WebGPU on SwiftShader): the training step equals
// the JS reference step (weights, m, v, loss; untouched rows bit-identical), indices outside the
// table are refused with a typed error and nothing written, and top-k equals the CPU top-k. The
// same checks run in Node through Dawn (*.gpu.test.ts); this is the browser's WebGPU.
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.ts';
import { FactorTable } from '../factor-table.ts';
import { BprMf } from '../mf-bpr.ts';
import { recommendForUsers } from '../queries.ts';
import { Random } from '../../random.ts';
import { beyondTolerance, LARGE_SHAPE_TOLERANCE, PARITY_CONFIG, parityBatches } from '../../../tests/helpers/models/bpr-step-parity.ts';
import { jsStep, parityModel, parityRatingBatches, runRatingParity } from '../../../tests/helpers/models/rating-step-parity.ts';
import { FusedGpuSteps } from './fused-steps.ts';
import { setFusedWebGpu } from './fused-switch.ts';
import { fusedRatingStep, runFusedBprParity } from '../../../tests/helpers/models/fused-parity.ts';

beforeAll(async () => {
  await useBackend('webgpu');
});

describe('fused WGSL kernels in Chromium', () => {
  it('BPR step: equals the JS reference step at the benchmark shape; untouched rows bit-identical', async () => {
    const small = await runFusedBprParity(7, 13, 8, parityBatches(7, 13, 4, 40, 3));
    expect(small.untouchedChanged).toBe(0);
    for (const part of ['m', 'v', 'loss'] as const) expect(small.relative[part]).toBeLessThan(1e-6);
    const large = await runFusedBprParity(600, 3000, 64, parityBatches(600, 3000, 2, 4096, 5));
    expect(large.untouchedChanged).toBe(0);
    expect(beyondTolerance(large.relative, LARGE_SHAPE_TOLERANCE)).toEqual([]);
  });

  it('rating step with attribute rows: equals the JS step; untouched rows bit-identical', async () => {
    const fused = new FusedGpuSteps();
    const model = parityModel(9, 14, 6, 5, 2);
    const result = await runRatingParity(model, parityRatingBatches(model, 3, 40, 3), jsStep(), fusedRatingStep(fused));
    fused.dispose();
    expect(result.untouchedChanged).toBe(0);
    for (const part of ['weights', 'm', 'v', 'loss'] as const) expect(result.relative[part]).toBeLessThan(1e-5);
  });

  it('refuses out-of-range indices with a typed error and writes nothing', async () => {
    const table = FactorTable.random(5, 4, new Random(3), 0.1);
    const fused = new FusedGpuSteps();
    const before = await table.toData();
    const batch = { user: Int32Array.of(0), positive: Int32Array.of(0), negative: Int32Array.of(3), itemOffset: 2 };
    expect(() => fused.bpr(table, batch, PARITY_CONFIG, 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_ITEM' }));
    expect(Array.from((await table.toData()).weights)).toEqual(Array.from(before.weights));
    table.dispose();
    fused.dispose();
  });

  it('top-k for a batch of users equals the CPU top-k (TF.js matMul scores, JS heap)', async () => {
    const model = BprMf.create(30, 500, { dim: 16, seed: 3, initStd: 0.5 });
    const users = Int32Array.from({ length: 30 }, (_, u) => u);
    const seen = Array.from(users, (u) => (i: number) => (i + u) % 4 === 0);
    const gpu = await recommendForUsers(model, users, 10, seen);
    setFusedWebGpu(false);
    const cpu = await recommendForUsers(model, users, 10, seen).finally(() => setFusedWebGpu(true));
    users.forEach((_, b) => {
      expect(gpu[b]!.map((s) => s.index)).toEqual(cpu[b]!.map((s) => s.index));
      gpu[b]!.forEach((s, r) => expect(s.score).toBeCloseTo(cpu[b]![r]!.score, 5));
    });
    model.dispose();
  });
});
