/**
 * The WebGPU adapter this process or page gets (the one TF.js's backend asks for), in words for
 * reports and as a key for remembered calibrations: vendor, architecture, device and description
 * as the adapter states them, and whether it is a software (CPU) one.
 */
import { softwareAdapterName } from '../software-adapter.ts';

export interface AdapterDescription {
  /** e.g. "nvidia · hopper · NVIDIA H200" or "google · swiftshader · SwiftShader Device (Subzero)". */
  label: string;
  software: boolean;
}

export async function describeAdapter(): Promise<AdapterDescription | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null) : null;
  if (!adapter) return null;
  const info = adapter.info as Partial<GPUAdapterInfo> | undefined;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s): s is string => typeof s === 'string' && s.length > 0);
  const unique = parts.filter((s, k) => parts.indexOf(s) === k);
  return { label: unique.join(' · ') || 'unnamed adapter', software: softwareAdapterName(adapter as never) !== null };
}
