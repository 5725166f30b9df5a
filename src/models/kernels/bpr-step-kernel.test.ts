import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmHeap } from '../wasm-heap.ts';
import { BprSampler } from '../bpr-sampler.ts';
import { BprMf } from '../mf-bpr.ts';
import { PARITY_CONFIG, parityBatches, runParity } from '../../../tests/helpers/models/bpr-step-parity.ts';
import { ALL_ROWS, CLUSTERS } from '../../../tests/helpers/models/tiny-table.ts';
import { standaloneHeap, strayWrites } from '../../../tests/helpers/models/standalone-heap.ts';
import { nodeBackend } from '../../../tests/helpers/models/use-node-backend.ts';
import { BprStepKernel, bprStepKernel } from './bpr-step-kernel.ts';


function load(heap: WasmHeap): BprStepKernel {
  const kernel = BprStepKernel.load(heap);
  if ('unavailable' in kernel) throw new Error(kernel.unavailable);
  return kernel;
}

describe('BPR step kernel (WebAssembly SIMD) on the TF.js WASM heap', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('agrees with the JS reference step (weights, m, v, loss), step by step from identical tables', async () => {
    const kernel = bprStepKernel(8);
    if ('unavailable' in kernel) throw new Error(kernel.unavailable);
    const small = await runParity(kernel, 7, 13, 8, parityBatches(7, 13, 6, 40, 3));
    expect(small.steps).toBe(6);
    for (const part of ['weights', 'm', 'v', 'loss'] as const) expect(small.relative[part]).toBeLessThan(1e-6);
  });

  it('agrees with the JS reference step at the benchmark shape (dim 64, batch 4096)', async () => {
    const kernel = bprStepKernel(64);
    if ('unavailable' in kernel) throw new Error(kernel.unavailable);
    const large = await runParity(kernel, 600, 3000, 64, parityBatches(600, 3000, 4, 4096, 5));
    // Both paths sum each row's gradient in float32 (the kernel in four lanes, JS one value at a
    // time), so they round differently: m and v agree to float32 precision. Adam divides m by √v,
    // which is scale-free, so a coordinate whose summed gradient nearly cancels turns a rounding
    // difference into a visible step difference: the weights agree to ~1e-5 of their largest value.
    expect(large.relative.m).toBeLessThan(1e-6);
    expect(large.relative.v).toBeLessThan(1e-6);
    expect(large.relative.loss).toBeLessThan(1e-6);
    expect(large.relative.weights).toBeLessThan(3e-5);
  });

  it('trains a model to the same weights as the JS loops on the CPU backend', async () => {
    const train = async (backend: 'wasm' | 'cpu') => {
      await nodeBackend(backend);
      const model = BprMf.create(4, 6, { dim: 8, batchSize: 4, lr: 0.05, seed: 5 });
      const sampler = new BprSampler(CLUSTERS, ALL_ROWS, 4, 6);
      for (let e = 0; e < 5; e++) await model.trainEpoch(sampler.epoch(model.random));
      const out = { path: model.lastStep?.path, embeddings: (await model.userEmbeddings()).data };
      model.dispose();
      return out;
    };
    const simd = await train('wasm');
    const js = await train('cpu');
    await nodeBackend('wasm');
    expect(simd.path).toBe('wasm-simd');
    expect(js.path).toBe('js-in-place');
    simd.embeddings.forEach((x, k) => expect(x).toBeCloseTo(js.embeddings[k]!, 5));
  });

  it('rejects indices outside the table with a typed error and changes nothing', () => {
    const heap = standaloneHeap(false);
    const kernel = load(heap);
    const state = tables(heap, 5, 4);
    const before = state.weights.slice();
    const batch = (user: number, item: number) => ({ user: Int32Array.of(user), positive: Int32Array.of(0), negative: Int32Array.of(item), itemOffset: 2 });
    expect(() => kernel.run(state, 4, batch(2, 0), PARITY_CONFIG, 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_USER' }));
    expect(() => kernel.run(state, 4, batch(0, 3), PARITY_CONFIG, 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_ITEM' }));
    expect(() => kernel.run(state, 4, batch(-1, 0), PARITY_CONFIG, 1)).toThrow(/user index -1/);
    expect(Array.from(state.weights)).toEqual(Array.from(before));
  });
});

/** weights, m, v of a [rows, dim] table allocated on `heap`, weights 0.01·(index+1) with alternating signs. */
function tables(heap: WasmHeap, rows: number, dim: number) {
  const part = () => new Float32Array(heap.memory.buffer, heap.malloc(rows * dim * 4), rows * dim);
  const weights = part();
  weights.forEach((_, k) => (weights[k] = (k % 2 ? -1 : 1) * 0.01 * (k + 1)));
  return { weights, m: part().fill(0.001), v: part().fill(0.0001) };
}

describe.each([false, true])('BPR step kernel on a standalone memory (shared: %s)', (shared) => {
  it('first Adam step: every touched weight moves by lr against its gradient; the loss is softplus(−x) (hand-computed)', () => {
    const heap = standaloneHeap(shared);
    const kernel = load(heap);
    // 1 user (row 0), 2 items (rows 1, 2), dim 4, zero moments; one triple (0, item 0, item 1).
    const p = [0.1, -0.2, 0.3, -0.025];
    const qi = [0.2, 0.1, -0.1, 0.4];
    const qj = [-0.3, 0.2, 0.1, 0.0];
    const state = { ...tables(heap, 3, 4) };
    state.weights.set([...p, ...qi, ...qj]);
    state.m.fill(0);
    state.v.fill(0);
    const l2 = 0.01;
    const loss = kernel.run(state, 4, { user: Int32Array.of(0), positive: Int32Array.of(0), negative: Int32Array.of(1), itemOffset: 1 }, { ...PARITY_CONFIG, l2 }, 1);
    const x = p.reduce((s, pc, c) => s + pc * (qi[c]! - qj[c]!), 0); // 0.05 + 0.02 − 0.06 − 0.01 = 0
    expect(x).toBeCloseTo(0, 12);
    expect(loss).toBeCloseTo(Math.log(2), 6);
    // σ(−0) = ½, B = 1: g = −½. Gradients: p: −½(qi − qj) + l2·p; qi: −½p + l2·qi; qj: +½p + l2·qj.
    const grads = [
      p.map((pc, c) => -0.5 * (qi[c]! - qj[c]!) + l2 * pc),
      qi.map((q, c) => -0.5 * p[c]! + l2 * q),
      qj.map((q, c) => 0.5 * p[c]! + l2 * q),
    ].flat();
    // Adam at t = 1 with zero moments: step = lr·g/(|g| + ε) ≈ lr·sign(g).
    const expected = [...p, ...qi, ...qj].map((w, k) => w - PARITY_CONFIG.lr * Math.sign(grads[k]!));
    Array.from(state.weights).forEach((w, k) => expect(w).toBeCloseTo(expected[k]!, 6));
    Array.from(state.m).forEach((m, k) => expect(m).toBeCloseTo(0.1 * grads[k]!, 7));
    Array.from(state.v).forEach((v, k) => expect(v).toBeCloseTo(0.001 * grads[k]! ** 2, 9));
  });

  it('leaves untouched rows bit-identical and writes no byte outside the touched rows and its scratch', () => {
    const heap = standaloneHeap(shared);
    const kernel = load(heap);
    const rows = 12;
    const dim = 8;
    const state = tables(heap, rows, dim);
    const itemOffset = 4;
    // Users 0, 2 and items 1, 3, 5 (rows 5, 7, 9); rows 1, 3, 4, 6, 8, 10, 11 stay untouched.
    const batch = { user: Int32Array.of(0, 2, 0), positive: Int32Array.of(1, 3, 5), negative: Int32Array.of(3, 5, 5), itemOffset };
    const touched = new Set([0, 2, 5, 7, 9]);
    const weightsBefore = state.weights.slice();
    expect(strayWrites(heap, state, dim, touched, () => {
      for (let t = 1; t <= 3; t++) kernel.run(state, dim, batch, PARITY_CONFIG, t);
    })).toEqual([]);
    // And the touched rows did change (the test would pass vacuously otherwise).
    const row = (a: Float32Array, r: number) => Array.from(a.subarray(r * dim, (r + 1) * dim));
    for (const r of touched) expect(row(state.weights, r)).not.toEqual(row(weightsBefore, r));
  });
});

describe('where the kernel cannot run, the JS step does, and says why', () => {
  it('names the reason: dimension not a multiple of 4, CPU backend', async () => {
    await nodeBackend('wasm');
    expect(bprStepKernel(6)).toEqual({ unavailable: expect.stringMatching(/dimension 6 is not a multiple of 4/) });
    const odd = BprMf.create(4, 6, { dim: 6, batchSize: 5 });
    await odd.trainEpoch(new BprSampler(CLUSTERS, ALL_ROWS, 4, 6).epoch(odd.random));
    expect(odd.lastStep).toEqual({ path: 'js-in-place', kernelUnavailable: expect.stringMatching(/multiple of 4/) });
    odd.dispose();
    await nodeBackend('cpu');
    expect(bprStepKernel(8)).toEqual({ unavailable: 'the active TF.js backend is cpu, not wasm' });
    await nodeBackend('wasm');
  });

  it('returns null (and changes nothing) for arrays outside its memory', () => {
    const kernel = load(standaloneHeap(false));
    const state = { weights: new Float32Array(8).fill(0.5), m: new Float32Array(8), v: new Float32Array(8) };
    expect(kernel.run(state, 4, { user: Int32Array.of(0), positive: Int32Array.of(0), negative: Int32Array.of(0), itemOffset: 1 }, PARITY_CONFIG, 1)).toBeNull();
    expect(Array.from(state.weights)).toEqual(new Array(8).fill(0.5));
  });
});
