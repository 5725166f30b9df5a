// LightGCN in headless Chromium: the tensor-op path on WebGPU (SwiftShader) trains to the weights
// the WASM SIMD kernel trains to, and the model scores through the same contract there.
import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend.ts';
import { BprSampler } from '../bpr-sampler.ts';
import { ALL_ROWS, CLUSTERS } from '../../../tests/helpers/models/tiny-table.ts';
import { graphEdges } from './graph.ts';
import { LightGcn } from './lightgcn.ts';

const CONFIG = { dim: 8, layers: 2, batchSize: 4, lr: 0.05, l2: 1e-4, seed: 5 };

async function train(backend: 'webgpu' | 'wasm') {
  expect((await useBackend(backend)).backend).toBe(backend);
  const model = LightGcn.create(4, 6, graphEdges(CLUSTERS, ALL_ROWS, 4, 6), CONFIG);
  const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
  for (let e = 0; e < 8; e++) await model.trainEpoch(sampler.epoch(model.random));
  const out = { path: model.lastStep?.path, scores: await model.scoreUsers(Int32Array.of(0, 1, 2, 3)), users: (await model.userEmbeddings()).data };
  model.dispose();
  return out;
}

describe('LightGCN in Chromium', () => {
  it('trains on WebGPU with tensor ops to what the WASM kernel trains to, and ranks the clusters right', async () => {
    const gpu = await train('webgpu');
    const wasm = await train('wasm');
    expect(gpu.path).toBe('tensor-ops');
    expect(wasm.path).toBe('wasm-simd');
    gpu.users.forEach((x, k) => expect(x).toBeCloseTo(wasm.users[k]!, 3));
    // User 1 prefers item 2 to item 5; user 3 the other way round.
    expect(gpu.scores[6 + 2]!).toBeGreaterThan(gpu.scores[6 + 5]!);
    expect(gpu.scores[18 + 5]!).toBeGreaterThan(gpu.scores[18 + 2]!);
  });
});
