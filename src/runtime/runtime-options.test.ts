import { describe, expect, it } from 'vitest';
import { validateRecommenderOptions } from '../api/recommender-options.ts';
import { wasmPathsForWorker } from './runtime-options.ts';
import { absoluteWasmPaths, checkWasmPaths } from './wasm-paths.ts';
import { workerFailedError } from './worker-failure.ts';

describe('runtime options: workers and wasmPaths', () => {
  it('accepts worker factories and a folder or per-file wasm location', () => {
    expect(() => validateRecommenderOptions({ workers: { train: () => ({}) as Worker }, wasmPaths: '/tfjs/' })).not.toThrow();
    const each = { 'tfjs-backend-wasm.wasm': '/a/plain.wasm', 'tfjs-backend-wasm-simd.wasm': '/a/simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm': '/a/threads.wasm' };
    expect(() => validateRecommenderOptions({ wasmPaths: each })).not.toThrow();
  });

  it('names the bad field', () => {
    expect(() => validateRecommenderOptions({ workers: { train: 'train-worker.js' as never } })).toThrow(/option "workers.train" must be a function/);
    expect(() => validateRecommenderOptions({ workers: null as never })).toThrow(/option "workers" must be an object/);
    expect(() => checkWasmPaths('/tfjs')).toThrow(/folder URL ending in "\/"/);
    expect(() => checkWasmPaths({ 'tfjs.wasm': '/x' })).toThrow(/CONFIG_INVALID|wasmPaths must be/);
    expect(() => checkWasmPaths({})).toThrow(/wasmPaths must be/);
    // TF.js wants every binary's URL in a map (it picks one by the browser's features).
    expect(() => checkWasmPaths({ 'tfjs-backend-wasm-simd.wasm': '/a/simd.wasm' })).toThrow(/mapping tfjs-backend-wasm.wasm, tfjs-backend-wasm-simd.wasm/);
  });

  it('makes relative locations absolute against the page, since a worker resolves against its own URL', () => {
    expect(absoluteWasmPaths('tfjs/', 'https://app.example/shop/index.html')).toBe('https://app.example/shop/tfjs/');
    const each = { 'tfjs-backend-wasm.wasm': '/w/plain.wasm', 'tfjs-backend-wasm-simd.wasm': 'simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm': '/w/t.wasm' };
    expect(absoluteWasmPaths(each, 'https://app.example/shop/')).toEqual({
      'tfjs-backend-wasm.wasm': 'https://app.example/w/plain.wasm',
      'tfjs-backend-wasm-simd.wasm': 'https://app.example/shop/simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm': 'https://app.example/w/t.wasm',
    });
    // In Node there is no page: the worker request carries what the app gave, as is.
    expect(wasmPathsForWorker({ wasmPaths: 'tfjs/' })).toBe('tfjs/');
    expect(wasmPathsForWorker({})).toBeUndefined();
  });

  it("a failed worker's error says what to do", () => {
    const loadFailure = workerFailedError('train', new Event('error'));
    expect(loadFailure.code).toBe('WORKER_FAILED');
    expect(loadFailure.message).toContain('The training worker failed: its script could not be loaded');
    expect(loadFailure.message).toContain("imports 'llama4rec-web/train-worker'");
    expect(loadFailure.message).toContain('workers: { train: () => new Worker(…');
    const thrown = Object.assign(new Event('error'), { message: 'Uncaught ReferenceError: require is not defined', filename: 'w.js', lineno: 3 });
    expect(workerFailedError('augment', thrown).message).toContain('The augmentation worker failed: it threw "Uncaught ReferenceError: require is not defined" (w.js:3)');
  });
});
