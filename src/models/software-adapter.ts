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

/** Names in WebGL renderer strings that mean the CPU renders (SwiftShader, Mesa's llvmpipe/softpipe/lavapipe, Windows' WARP). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|microsoft basic render/i;

/** The software renderer's name in a WebGL renderer string (e.g. "ANGLE (…SwiftShader Device…)"), else null. */
export function softwareRendererName(renderer: string): string | null {
  return SOFTWARE_RENDERER.exec(renderer)?.[0].toLowerCase() ?? null;
}

/**
 * The automatic choice's decision about the GPU backends: the ones to pass over, with why. Empty
 * on a hardware GPU, so a real GPU keeps WebGPU first. WebGPU goes when its adapter (null: there is
 * none, which the chooser reports by itself) is software. WebGL goes when its renderer string names
 * a software renderer; when that string is unknown (no WebGL context to ask), a software WebGPU
 * adapter is taken as evidence that there is no GPU for WebGL either.
 */
export function softwareGpuSkips(adapter: AdapterFacts | null, webglRenderer?: string | null): { name: BackendName; reason: string }[] {
  const name = adapter && softwareAdapterName(adapter);
  const skips: { name: BackendName; reason: string }[] = [];
  if (name) skips.push({ name: 'webgpu', reason: `software WebGPU adapter (${name}): CPU emulation, slower than WASM for this model` });
  const renderer = typeof webglRenderer === 'string' ? softwareRendererName(webglRenderer) : null;
  if (renderer) {
    skips.push({ name: 'webgl', reason: `software WebGL renderer (${renderer}): CPU emulation, slower than WASM for this model` });
  } else if (name && typeof webglRenderer !== 'string') {
    skips.push({ name: 'webgl', reason: `no GPU behind it either (WebGPU's adapter is the software ${name}): CPU emulation, slower than WASM for this model` });
  }
  return skips;
}
