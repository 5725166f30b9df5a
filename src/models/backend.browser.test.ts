// The backend choice in headless Chromium, whose only WebGPU adapter is SwiftShader (the CPU
// emulating a GPU): the automatic choice measures the fused WebGPU kernels, WASM and the CPU, takes
// the fastest (WASM, by far, on this emulator: `npm run bench:train-browser`) and says by how much
// the others lost; WebGL on a software renderer is passed over unmeasured; an explicit request
// still gets WebGPU. Which one wins is a timing, so the tests check the choice against the figures.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { activateBackend, chooseBackend, useBackend } from './backend.ts';
import { freshCalibrationMemory } from './webgpu/calibration-memory.ts';

describe('backend choice on a software WebGPU adapter', () => {
  it('this browser hands out SwiftShader (what the rest of this file relies on)', async () => {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    expect(adapter?.info).toMatchObject({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true });
  });

  it('automatically picks the fastest measured backend; the others say by how much they lost', async () => {
    const memory = freshCalibrationMemory();
    const choice = await chooseBackend(undefined, { memory });
    const ms = choice.measured!.msPerStep;
    expect(Object.keys(ms).sort()).toEqual(['cpu', 'wasm', 'webgpu']);
    const fastest = fastestOf(ms);
    expect(choice.backend).toBe(fastest);
    expect(tf.getBackend()).toBe(fastest);
    expect(choice.measured).toMatchObject({ softwareAdapter: true, remembered: false, shapeClass: '16384 rows · dim 64 · batch 4096' });
    expect(choice.skipped.map((s) => s.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu'].filter((n) => n !== fastest));
    for (const s of choice.skipped.filter((s) => s.name !== 'webgl')) {
      const on = s.name === 'webgpu' ? ' on google · swiftshader.* \\(software: CPU emulation\\)' : '';
      expect(s.reason).toMatch(new RegExp(`^measured [\\d.]+ ms per training step${on}, ${fastest} [\\d.]+ ms \\([\\d.]+× slower; 16384 rows · dim 64 · batch 4096\\)$`));
    }
    // WebGL is judged by its own renderer string (ANGLE on SwiftShader here), not measured.
    expect(choice.skipped.find((s) => s.name === 'webgl')!.reason).toBe('software WebGL renderer (swiftshader): CPU emulation, slower than WASM for this model');
    // Asked again (the same adapter and shape): the remembered figures, the same choice.
    const again = await activateBackend('auto', { memory });
    expect(again).toEqual({ ...choice, measured: { ...choice.measured, remembered: true } });
  });

  it('activates WebGPU on SwiftShader when asked for explicitly, and computes on it', async () => {
    expect(await activateBackend('webgpu')).toEqual({ backend: 'webgpu', skipped: [] });
    expect(tf.getBackend()).toBe('webgpu');
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(await product.data()).toEqual(Float32Array.of(11));
    product.dispose();
    // Back to the automatic choice: the same page switches to the fastest measured again.
    const auto = await chooseBackend(undefined, { memory: freshCalibrationMemory() });
    expect(auto.backend).toBe(fastestOf(auto.measured!.msPerStep));
    expect(tf.getBackend()).toBe(auto.backend);
    expect((await useBackend('webgpu')).backend).toBe('webgpu');
  });
});

function fastestOf(ms: Partial<Record<string, number>>): string {
  return (Object.entries(ms) as [string, number][]).sort((a, b) => a[1] - b[1])[0]![0];
}
