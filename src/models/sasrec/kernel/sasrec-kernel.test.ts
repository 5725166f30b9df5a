import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { paramLayout } from '../param-layout.ts';
import type { SasRecConfig } from '../sasrec-config.ts';
import { trainStep } from '../sasrec-step.ts';
import { jsRun, packedGradients, placeRun, randomWeights, tinyBatch, tinyConfig, TINY_ITEMS, worstRelativeError } from '../../../../tests/helpers/models/sasrec/tiny-sasrec.ts';
import { sectionIds } from '../../../../tests/helpers/models/wasm-sections.ts';
import { kernelOps } from '../wasm-runner.ts';
import { compileSasRecKernel, generatedSasRecModule, SASREC_KERNEL_GENERATED } from './compile-sasrec-kernel.ts';
import { SASREC_KERNEL_RELAXED_SHARED_WASM, SASREC_KERNEL_RELAXED_WASM, SASREC_KERNEL_SHARED_WASM, SASREC_KERNEL_WASM } from './sasrec-kernel-wasm.ts';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe('the committed SASRec kernel', () => {
  it('is what sasrec-ops.as compiles to today (rerun build-sasrec-kernel.ts after editing the source)', async () => {
    const fresh = await compileSasRecKernel();
    expect(SASREC_KERNEL_WASM).toBe(Buffer.from(fresh.plain).toString('base64'));
    expect(SASREC_KERNEL_SHARED_WASM).toBe(Buffer.from(fresh.shared).toString('base64'));
    expect(SASREC_KERNEL_RELAXED_WASM).toBe(Buffer.from(fresh.relaxedPlain).toString('base64'));
    expect(SASREC_KERNEL_RELAXED_SHARED_WASM).toBe(Buffer.from(fresh.relaxedShared).toString('base64'));
    expect(await readFile(SASREC_KERNEL_GENERATED, 'utf8')).toBe(generatedSasRecModule(fresh));
  }, 120_000);

  it.each([
    ['plain', SASREC_KERNEL_WASM, false],
    ['shared', SASREC_KERNEL_SHARED_WASM, true],
  ] as const)('(%s memory) imports only env.memory and has no data segment or start function', async (_, b64, shared) => {
    const wasm = bytes(b64);
    const module = await WebAssembly.compile(wasm);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    // Section 11 = data: instantiating would write it into TF.js's heap. 8 = start function.
    expect(sectionIds(wasm)).not.toContain(11);
    expect(sectionIds(wasm)).not.toContain(8);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared });
    await expect(WebAssembly.instantiate(module, { env: { memory } })).resolves.toBeDefined();
  });

  it.each([
    ['relaxed plain', SASREC_KERNEL_RELAXED_WASM],
    ['relaxed shared', SASREC_KERNEL_RELAXED_SHARED_WASM],
  ])('(%s) has no data segment or start function either (Node 20 cannot compile it without a flag; the browser test runs it)', (_, b64) => {
    expect(sectionIds(bytes(b64))).not.toContain(11);
    expect(sectionIds(bytes(b64))).not.toContain(8);
  });
});

/** A batch of 10 rows: exercises the kernel's 4-row blocks and its row tail. */
const CASES: [string, Partial<SasRecConfig>][] = [
  ['1 head, dim 8', { heads: 1 }],
  ['2 heads, dim 8, dropout', { heads: 2, dropout: 0.3 }],
  // dim 12: the 8-column blocks plus a 4-column tail; 3 heads of width 4.
  ['3 heads, dim 12, dropout', { dim: 12, heads: 3, dropout: 0.2 }],
  ['2 heads, 4 negatives per position', { heads: 2, negatives: 4 }],
];

describe.each(CASES)('the SIMD kernel against the JS ops (%s)', (_, overrides) => {
  const config = tinyConfig(overrides);
  const layout = paramLayout(config, TINY_ITEMS);
  const weights = randomWeights(layout, 8);
  const batch = tinyBatch(5, config.negatives);

  async function simdRun(memory: WebAssembly.Memory, base: number) {
    const loaded = await kernelOps(memory);
    if ('unavailable' in loaded) throw new Error(loaded.unavailable);
    return placeRun(loaded.ops, new Float32Array(memory.buffer), new Int32Array(memory.buffer), config, TINY_ITEMS, weights, batch, base);
  }

  it('computes the same representations, loss and gradients', async () => {
    const js = packedGradients(jsRun(config, TINY_ITEMS, weights, batch), config, batch, 77);
    const simd = packedGradients(await simdRun(new WebAssembly.Memory({ initial: 4 }), 64), config, batch, 77);
    expect(simd.loss).toBeCloseTo(js.loss, 5);
    const hError = Math.max(...Array.from(simd.h, (x, k) => Math.abs(x - js.h[k]!)));
    expect(hError).toBeLessThan(1e-5);
    expect(worstRelativeError(simd.grad, js.grad, layout).error).toBeLessThan(1e-4);
  });

  it('writes nowhere but the parameters, their moments and its arena', async () => {
    const memory = new WebAssembly.Memory({ initial: 4 });
    const base = 1024;
    const run = await simdRun(memory, base);
    // Weights at base, m and v after the arena (as anywhere else in TF.js's heap).
    const m = run.end;
    const v = m + layout.size;
    const end = v + layout.size;
    const all = new Uint8Array(memory.buffer);
    all.fill(0xa5, 0, base * 4);
    all.fill(0x5a, end * 4);
    const F = new Float32Array(memory.buffer);
    F.fill(0, m, end);
    const before = all.slice();
    trainStep(run.ops, run.at, { w: base, m, v }, layout, config, batch, 5, 1);
    const after = new Uint8Array(memory.buffer);
    const stray: number[] = [];
    for (let at = 0; at < after.length; at++) {
      const element = at >> 2;
      if (after[at] !== before[at] && !(element >= base && element < end)) stray.push(at);
    }
    expect(stray).toEqual([]);
    // It did train: the moments moved.
    expect(F.subarray(m, v).some((x) => x !== 0)).toBe(true);
  });
});
