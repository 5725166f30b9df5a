// The backend choice in headless Chromium, whose only WebGPU adapter is SwiftShader (the CPU
// emulating a GPU): the automatic choice passes over it for WASM and says why; an explicit
// request still gets WebGPU.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { activateBackend, chooseBackend, useBackend } from './backend.ts';

describe('backend choice on a software WebGPU adapter', () => {
  it('this browser hands out SwiftShader (what the rest of this file relies on)', async () => {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    expect(adapter?.info).toMatchObject({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true });
  });

  it('automatically picks WASM, with WebGPU and WebGL skipped because the adapter is software', async () => {
    const choice = await chooseBackend();
    expect(choice.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.skipped.map((s) => s.name)).toEqual(['webgpu', 'webgl']);
    expect(choice.skipped[0]!.reason).toBe('software WebGPU adapter (swiftshader): CPU emulation, slower than WASM for this model');
    // WebGL is judged by its own renderer string (ANGLE on SwiftShader here).
    expect(choice.skipped[1]!.reason).toBe('software WebGL renderer (swiftshader): CPU emulation, slower than WASM for this model');
    expect(await activateBackend('auto')).toEqual(choice);
  });

  it('activates WebGPU on SwiftShader when asked for explicitly, and computes on it', async () => {
    expect(await activateBackend('webgpu')).toEqual({ backend: 'webgpu', skipped: [] });
    expect(tf.getBackend()).toBe('webgpu');
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(await product.data()).toEqual(Float32Array.of(11));
    product.dispose();
    // Back to the automatic choice: the same page switches to WASM again.
    expect((await chooseBackend()).backend).toBe('wasm');
    expect((await useBackend('webgpu')).backend).toBe('webgpu');
  });
});
