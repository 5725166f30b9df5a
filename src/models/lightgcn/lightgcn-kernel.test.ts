import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { inPlaceArrays } from '../in-place-arrays.ts';
import { FactorTable } from '../factor-table.ts';
import { Random } from '../../random.ts';
import { normwise, parityBatches } from '../../../tests/helpers/models/bpr-step-parity.ts';
import { nodeBackend } from '../../../tests/helpers/models/use-node-backend.ts';
import { compileLightGcnStep, LIGHTGCN_STEP_GENERATED, LIGHTGCN_STEP_NAMES } from './compile-lightgcn-kernel.ts';
import { generatedModule } from '../kernels/compile-kernels.ts';
import { lightGcnKernel } from './lightgcn-kernel.ts';
import { LightGcnStepJs, type LightGcnStepConfig } from './lightgcn-step-js.ts';
import { LIGHTGCN_STEP_SHARED_WASM, LIGHTGCN_STEP_WASM } from './lightgcn-step-wasm.ts';
import { GraphTensors, lightGcnTensorStep } from './lightgcn-tensor-step.ts';
import { randomGraph } from '../../../tests/helpers/models/random-graph.ts';
import { sectionIds } from '../../../tests/helpers/models/wasm-sections.ts';

const CONFIG: LightGcnStepConfig = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 1e-3, layers: 3 };

/** Tables as plain arrays, from one seeded table (so every path starts identical). */
function startingTables(rows: number, dim: number) {
  const rng = new Random(11);
  const weights = Float32Array.from({ length: rows * dim }, () => rng.normal() * 0.1);
  const m = Float32Array.from({ length: rows * dim }, () => rng.normal() * 0.01);
  const v = Float32Array.from({ length: rows * dim }, () => rng.next() * 0.001);
  return { weights, m, v };
}

type Path = 'kernel' | 'tensor-ops';

/** Runs the batches through `path` and through the JS reference from identical tables; worst normwise differences per step. */
async function parity(path: Path, users: number, items: number, dim: number, batchSize: number, steps: number) {
  const { graph } = randomGraph(users, items, 12, 5);
  const batches = parityBatches(users, items, steps, batchSize, 9);
  const js = new LightGcnStepJs(graph, dim);
  const worst = { weights: 0, m: 0, v: 0, loss: 0 };
  const start = startingTables(graph.nodes, dim);
  for (const [s, batch] of batches.entries()) {
    const t = s + 1;
    const reference = { weights: start.weights.slice(), m: start.m.slice(), v: start.v.slice() };
    const referenceLoss = js.run(reference, batch, CONFIG, t);
    const table = FactorTable.fromData({ rows: graph.nodes, width: dim, ...start });
    let loss: number;
    if (path === 'kernel') {
      const kernel = lightGcnKernel(dim);
      if ('unavailable' in kernel) throw new Error(kernel.unavailable);
      let out: number | null = null;
      expect(table.updateInPlace((state) => (out = kernel.run(state, graph, dim, batch, CONFIG, t)))).toBe(true);
      loss = out!;
    } else {
      const tensors = new GraphTensors(graph);
      const scalar = lightGcnTensorStep(table, tensors, batch, CONFIG, t);
      loss = (await scalar.data())[0]!;
      scalar.dispose();
      tensors.dispose();
    }
    const after = await table.toData();
    table.dispose();
    worst.weights = Math.max(worst.weights, normwise(after.weights, reference.weights));
    worst.m = Math.max(worst.m, normwise(after.m, reference.m));
    worst.v = Math.max(worst.v, normwise(after.v, reference.v));
    worst.loss = Math.max(worst.loss, Math.abs(loss - referenceLoss) / Math.abs(referenceLoss));
    // The next step starts from the reference's result: differences do not compound.
    Object.assign(start, reference);
  }
  return worst;
}

describe('LightGCN step kernel (WebAssembly SIMD) on the TF.js WASM heap', () => {
  beforeAll(async () => {
    await nodeBackend('wasm');
  });

  it('agrees with the JS reference step (weights, m, v, loss), step by step from identical tables', async () => {
    const small = await parity('kernel', 9, 17, 8, 40, 4);
    for (const part of ['m', 'v', 'loss'] as const) expect(small[part]).toBeLessThan(1e-5);
    expect(small.weights).toBeLessThan(1e-4);
  });

  it('agrees at a dimension that uses both the 16-float and the 4-float blocks (dim 20), and at dim 64', async () => {
    for (const dim of [20, 64]) {
      const worst = await parity('kernel', 60, 300, dim, 512, 3);
      for (const part of ['m', 'v', 'loss'] as const) expect(worst[part]).toBeLessThan(1e-5);
      expect(worst.weights).toBeLessThan(1e-4);
    }
  });

  it('the tensor-op step (the WebGPU path) agrees with the JS reference too', async () => {
    const worst = await parity('tensor-ops', 9, 17, 8, 40, 3);
    for (const part of ['m', 'v', 'loss'] as const) expect(worst[part]).toBeLessThan(1e-5);
    expect(worst.weights).toBeLessThan(1e-4);
  });

  it('propagates as the JS reference does (the final embeddings that score)', async () => {
    const { graph } = randomGraph(30, 50, 8, 2);
    const { weights } = startingTables(graph.nodes, 16);
    const kernel = lightGcnKernel(16);
    if ('unavailable' in kernel) throw new Error(kernel.unavailable);
    const table = tf.tensor2d(weights, [graph.nodes, 16]);
    let fromKernel: Float32Array | null = null;
    inPlaceArrays([table], ([w]) => (fromKernel = kernel.propagate(w!, graph, 16, 3)));
    table.dispose();
    const fromJs = new LightGcnStepJs(graph, 16).propagate(weights, 3);
    expect(normwise(fromKernel!, fromJs)).toBeLessThan(1e-6);
  });

  it('says why it cannot run at a dimension that is not a multiple of 4', () => {
    expect(lightGcnKernel(6)).toEqual({ unavailable: expect.stringContaining('not a multiple of 4') });
  });
});

describe('the committed LightGCN kernel', () => {
  it('is what lightgcn-step.as compiles to today (run `npm run build:kernels` after editing the source)', async () => {
    const fresh = await compileLightGcnStep();
    expect(LIGHTGCN_STEP_WASM).toBe(Buffer.from(fresh.plain).toString('base64'));
    expect(LIGHTGCN_STEP_SHARED_WASM).toBe(Buffer.from(fresh.shared).toString('base64'));
    expect(await readFile(LIGHTGCN_STEP_GENERATED, 'utf8')).toBe(generatedModule(fresh, LIGHTGCN_STEP_NAMES));
  }, 120_000);

  it.each([
    ['plain', LIGHTGCN_STEP_WASM, false],
    ['shared', LIGHTGCN_STEP_SHARED_WASM, true],
  ] as const)('(%s memory) imports only env.memory, exports its three functions, has no data segment, stays under 4 KB', (_, b64, shared) => {
    const wasm = new Uint8Array(Buffer.from(b64, 'base64'));
    // Browsers refuse synchronous compilation of more than 4 KB on the main thread.
    expect(wasm.length).toBeLessThan(4096);
    const module = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(module).map((e) => e.name).sort()).toEqual(['bprFinal', 'propagate', 'regAdam']);
    // Section 11 = data (instantiating would write it into TF.js's heap), 8 = start function.
    expect(sectionIds(wasm)).not.toContain(11);
    expect(sectionIds(wasm)).not.toContain(8);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared });
    expect(() => new WebAssembly.Instance(module, { env: { memory } })).not.toThrow();
  });
});
