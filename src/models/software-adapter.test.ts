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
