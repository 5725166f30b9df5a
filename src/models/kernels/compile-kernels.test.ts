import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BPR_STEP_GENERATED, compileBprStep, compileRatingStep, generatedModule, RATING_STEP_GENERATED, RATING_STEP_NAMES } from './compile-kernels.ts';
import { BPR_STEP_SHARED_WASM, BPR_STEP_WASM } from './bpr-step-wasm.ts';
import { RATING_STEP_SHARED_WASM, RATING_STEP_WASM } from './rating-step-wasm.ts';
import { sectionIds } from '../../../tests/helpers/models/wasm-sections.ts';

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe('the committed BPR step kernel', () => {
  it('is what bpr-step.as compiles to today (run `npm run build:kernels` after editing the source)', async () => {
    const fresh = await compileBprStep();
    expect(BPR_STEP_WASM).toBe(Buffer.from(fresh.plain).toString('base64'));
    expect(BPR_STEP_SHARED_WASM).toBe(Buffer.from(fresh.shared).toString('base64'));
    expect(await readFile(BPR_STEP_GENERATED, 'utf8')).toBe(generatedModule(fresh));
  }, 120_000);

  it.each([
    ['plain', BPR_STEP_WASM, false],
    ['shared', BPR_STEP_SHARED_WASM, true],
  ] as const)('(%s memory) imports only env.memory, exports only bprStep, has no data segment, and compiles synchronously in a browser', (_, b64, shared) => {
    const wasm = bytes(b64);
    // Browsers refuse synchronous compilation of more than 4 KB on the main thread.
    expect(wasm.length).toBeLessThan(4096);
    expect(WebAssembly.validate(wasm)).toBe(true);
    const module = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(module)).toEqual([{ name: 'bprStep', kind: 'function' }]);
    // Section 11 = data: instantiating would write it into TF.js's heap. No start function (8) either.
    expect(sectionIds(wasm)).not.toContain(11);
    expect(sectionIds(wasm)).not.toContain(8);
    // The memory declaration must match the memory it is given: plain with plain, shared with shared.
    const plainMemory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const sharedMemory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const instantiate = (memory: WebAssembly.Memory) => () => new WebAssembly.Instance(module, { env: { memory } });
    expect(instantiate(shared ? sharedMemory : plainMemory)).not.toThrow();
    expect(instantiate(shared ? plainMemory : sharedMemory)).toThrow();
  });
});

describe('the committed rating step kernel', () => {
  it('is what rating-step.as compiles to today (run `npm run build:kernels` after editing the source)', async () => {
    const fresh = await compileRatingStep();
    expect(RATING_STEP_WASM).toBe(Buffer.from(fresh.plain).toString('base64'));
    expect(RATING_STEP_SHARED_WASM).toBe(Buffer.from(fresh.shared).toString('base64'));
    expect(await readFile(RATING_STEP_GENERATED, 'utf8')).toBe(generatedModule(fresh, RATING_STEP_NAMES));
  }, 120_000);

  it.each([
    ['plain', RATING_STEP_WASM, false],
    ['shared', RATING_STEP_SHARED_WASM, true],
  ] as const)('(%s memory) imports only env.memory, exports only ratingStep, has no data segment or start function, stays under 4 KB', (_, b64, shared) => {
    const wasm = bytes(b64);
    expect(wasm.length).toBeLessThan(4096);
    const module = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(module)).toEqual([{ name: 'ratingStep', kind: 'function' }]);
    expect(sectionIds(wasm)).not.toContain(11);
    expect(sectionIds(wasm)).not.toContain(8);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared });
    expect(() => new WebAssembly.Instance(module, { env: { memory } })).not.toThrow();
  });
});
