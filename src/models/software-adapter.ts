/**
 * Whether a WebGPU adapter is a software one (SwiftShader: the CPU emulating a GPU, what Chromium
 * hands out on a machine without a usable GPU), and what the automatic backend choice does about
 * it. Pure functions of the adapter's facts, so the decision is testable with a fake adapter, and
 * free of imports so the device probe (src/llm/capabilities.ts) can share it without loading TF.js.
 */
import type { BackendName } from './backend-request.ts';

/**
 * The parts of a WebGPU adapter read here. The flag moved: `adapter.info.isFallbackAdapter` now,
 * `adapter.isFallbackAdapter` in older Chrome (and the WebGPU spec before 2024).
 */
export interface AdapterFacts {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string };
}

/** The adapter's name when it is a software (CPU-emulated) one, else null. */
export function softwareAdapterName(adapter: AdapterFacts): string | null {
  const info = adapter.info;
  // SwiftShader is software whatever the flags say (a build that reports neither).
  const software = info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true || info?.architecture === 'swiftshader';
  if (!software) return null;
  return info?.architecture || info?.vendor || 'unnamed';
}

/**
 * The automatic choice's decision about the GPU backends given the WebGPU adapter (null: there is
 * none, which the backend chooser reports by itself): the backends to pass over, with why. Empty
 * for a hardware adapter, so a real GPU keeps WebGPU first. WebGL goes too: with only a software
 * WebGPU adapter there is no GPU for WebGL either (Chromium renders it with SwiftShader as well).
 */
export function softwareGpuSkips(adapter: AdapterFacts | null): { name: BackendName; reason: string }[] {
  const name = adapter && softwareAdapterName(adapter);
  if (!name) return [];
  return [
    { name: 'webgpu', reason: `software WebGPU adapter (${name}): CPU emulation, slower than WASM for this model` },
    { name: 'webgl', reason: `no GPU behind it either (WebGPU's adapter is the software ${name}): CPU emulation, slower than WASM for this model` },
  ];
}
