import { describe, expect, it } from 'vitest';
import { hasRoomFor, probeCapabilities, type NavigatorLike } from './capabilities.ts';
import { selectModel } from './registry.ts';

/** A stand-in for a GPUAdapter with just the fields the probe reads. */
function fakeGpu(features: string[], maxStorageBufferBindingSize: number): NavigatorLike['gpu'] {
  const adapter = {
    features: new Set(features),
    limits: {
      maxBufferSize: 2 ** 31,
      maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: 32768,
      maxStorageBuffersPerShaderStage: 10,
      maxComputeInvocationsPerWorkgroup: 1024,
    },
    info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader' },
  };
  return { requestAdapter: async () => adapter as unknown as GPUAdapter };
}

describe('probeCapabilities', () => {
  it('reads features, limits, storage, memory and cached models', async () => {
    const caps = await probeCapabilities({
      navigator: {
        gpu: fakeGpu(['timestamp-query', 'shader-f16'], 2 ** 27),
        storage: { estimate: async () => ({ usage: 1_000, quota: 10 * 2 ** 30 }) },
        deviceMemory: 4,
        onLine: false,
      },
      isModelCached: async (entry) => entry.id === 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    });
    expect(caps).toMatchObject({
      webgpu: true,
      shaderF16: true,
      features: ['shader-f16', 'timestamp-query'],
      maxStorageBufferBindingSize: 2 ** 27,
      storage: { usage: 1_000, quota: 10 * 2 ** 30 },
      deviceMemoryGB: 4,
      online: false,
      cachedModels: ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC'],
      adapter: { description: 'SwiftShader', isFallbackAdapter: true },
    });
    // The probe feeds selectModel directly: f16 + tight buffers → the f16 -1k variant.
    expect(selectModel(caps).entry.id).toBe('Llama-2-7b-chat-hf-q4f16_1-MLC-1k');
  });

  it('reports a missing navigator.gpu and a null adapter without throwing', async () => {
    const noGpu = await probeCapabilities({ navigator: {} });
    expect(noGpu).toMatchObject({ webgpu: false, shaderF16: false, online: true, cachedModels: [] });
    expect(noGpu.webgpuProblem).toMatch(/navigator.gpu is missing/);
    const nullAdapter = await probeCapabilities({ navigator: { gpu: { requestAdapter: async () => null } } });
    expect(nullAdapter.webgpuProblem).toMatch(/no WebGPU adapter/);
  });

  it('treats a failing cache lookup or storage estimate as unknown, not as an error', async () => {
    const caps = await probeCapabilities({
      navigator: { gpu: fakeGpu([], 2 ** 30), storage: { estimate: async () => Promise.reject(new Error('private mode')) } },
      isModelCached: async () => Promise.reject(new Error('SecurityError')),
    });
    expect(caps.cachedModels).toEqual([]);
    expect(caps.storage).toBeUndefined();
    expect(selectModel(caps).entry.id).toBe('Llama-2-7b-chat-hf-q4f32_1-MLC');
  });
});

describe('hasRoomFor', () => {
  it('needs the download plus a 10 % margin of free quota', () => {
    const caps = { webgpu: true, shaderF16: false, features: [], online: true, cachedModels: [], storage: { usage: 0, quota: 110 * 2 ** 20 } };
    expect(hasRoomFor(caps, 100)).toBe(true);
    expect(hasRoomFor(caps, 101)).toBe(false);
    expect(hasRoomFor({ ...caps, storage: undefined }, 1)).toBeUndefined();
  });
});
