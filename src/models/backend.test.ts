import * as tf from '@tensorflow/tfjs-core';
// tfjs-core has no backend of its own: tensors made before any activateBackend() run on the CPU one.
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { activateBackend, backendOrder, chooseBackend, useBackend } from './backend.ts';
import { gatherRows } from './gather-rows.ts';

describe('backend choice in Node', () => {
  it('tries WASM then CPU, and picks WASM', async () => {
    expect(backendOrder()).toEqual(['wasm', 'cpu']);
    const choice = await chooseBackend();
    expect(choice).toEqual({ backend: 'wasm', skipped: [] });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('reports why a browser-only backend was skipped, then falls back', async () => {
    const choice = await chooseBackend(['webgpu', 'webgl', 'cpu']);
    expect(choice.backend).toBe('cpu');
    expect(choice.skipped).toEqual([
      { name: 'webgpu', reason: expect.stringContaining('WebGPU in Node needs Dawn as navigator.gpu first') },
      { name: 'webgl', reason: 'WebGL does not exist in Node' },
    ]);
    await expect(useBackend('webgpu')).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: expect.stringMatching(/^The TF\.js backend "webgpu" was asked for but cannot start here: WebGPU in Node needs Dawn as navigator\.gpu first .*Ask for backend 'auto' to take the fastest one that works\.$/),
    });
  });

  it("activates what a backend option asks for: 'auto' or exactly one", async () => {
    expect(await activateBackend('cpu')).toEqual({ backend: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(await activateBackend()).toEqual({ backend: 'wasm', skipped: [] });
    expect(tf.getBackend()).toBe('wasm');
    await expect(activateBackend('webgl')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    await expect(activateBackend('gpu' as never)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('auto, webgpu, webgl, wasm, cpu') });
  });

  it('gathers the same rows on WASM (gatherND) and CPU (gather)', async () => {
    const rows = async () => {
      const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      const out = await gatherRows(table, tf.tensor2d([[2], [0], [2]], [3, 1], 'int32')).array();
      return out;
    };
    await useBackend('wasm');
    expect(await rows()).toEqual([[5, 6], [1, 2], [5, 6]]);
    await useBackend('cpu');
    expect(await rows()).toEqual([[5, 6], [1, 2], [5, 6]]);
  });
});
