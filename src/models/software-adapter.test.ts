// The automatic choice's decision about a WebGPU adapter, as a pure function of what the adapter
// reports: fake adapters stand in for SwiftShader, older Chrome, and a real GPU.
import { describe, expect, it } from 'vitest';
import { softwareAdapterName, softwareGpuSkips } from './software-adapter.ts';

// What headless Chromium 156 reports here (navigator.gpu.requestAdapter()).info.
const swiftShader = { info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } };
const realGpu = { info: { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false } };

describe('software WebGPU adapters', () => {
  it('passes over WebGPU and WebGL on SwiftShader, naming the adapter', () => {
    expect(softwareGpuSkips(swiftShader)).toEqual([
      { name: 'webgpu', reason: 'software WebGPU adapter (swiftshader): CPU emulation, slower than WASM for this model' },
      {
        name: 'webgl',
        reason: "no GPU behind it either (WebGPU's adapter is the software swiftshader): CPU emulation, slower than WASM for this model",
      },
    ]);
  });

  it('keeps WebGPU first on a hardware adapter, and decides nothing without an adapter', () => {
    expect(softwareGpuSkips(realGpu)).toEqual([]);
    expect(softwareAdapterName(realGpu)).toBeNull();
    // Chrome before adapter.info existed: no flag, no name → hardware.
    expect(softwareGpuSkips({})).toEqual([]);
    expect(softwareGpuSkips(null)).toEqual([]);
  });

  it("reads older Chrome's adapter.isFallbackAdapter, and SwiftShader without any flag", () => {
    expect(softwareAdapterName({ isFallbackAdapter: true, info: { vendor: 'google', architecture: '' } })).toBe('google');
    expect(softwareAdapterName({ isFallbackAdapter: true })).toBe('unnamed');
    expect(softwareAdapterName({ info: { vendor: 'google', architecture: 'swiftshader' } })).toBe('swiftshader');
    // A hardware adapter stays hardware even when the older flag is present and false.
    expect(softwareAdapterName({ isFallbackAdapter: false, info: { vendor: 'apple', architecture: 'metal-3' } })).toBeNull();
  });
});

describe('the WebGL renderer decides about WebGL when it is known', () => {
  // What headless Chromium 156 reports here (WEBGL_debug_renderer_info, UNMASKED_RENDERER_WEBGL).
  const swiftShaderGl = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
  const hardwareGl = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';

  it('a software renderer is passed over by name, also without WebGPU', () => {
    expect(softwareGpuSkips(swiftShader, swiftShaderGl)[1]).toEqual({
      name: 'webgl',
      reason: 'software WebGL renderer (swiftshader): CPU emulation, slower than WASM for this model',
    });
    expect(softwareGpuSkips(null, 'llvmpipe (LLVM 15.0.6, 256 bits)')).toEqual([
      { name: 'webgl', reason: 'software WebGL renderer (llvmpipe): CPU emulation, slower than WASM for this model' },
    ]);
  });

  it('a hardware renderer keeps WebGL even when the WebGPU adapter is software', () => {
    expect(softwareGpuSkips(swiftShader, hardwareGl).map((s) => s.name)).toEqual(['webgpu']);
    expect(softwareGpuSkips(realGpu, hardwareGl)).toEqual([]);
  });
});
