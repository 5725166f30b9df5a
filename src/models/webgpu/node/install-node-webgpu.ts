/**
 * WebGPU in Node: the `webgpu` package (Dawn, Chrome's WebGPU implementation, as a prebuilt
 * `dawn.node`) installed as `navigator.gpu`, so TF.js's WebGPU backend and our kernels run in Node
 * (benchmarks, parity tests). It must run BEFORE '@tensorflow/tfjs-backend-webgpu' is imported:
 * that package registers its backend only where `navigator.gpu` exists at import time. Hence the
 * preload entry (`node --import …/preload.ts`) and the Vitest setup file that call this.
 *
 * Dawn reaches the GPU through Vulkan on Linux. Without a GPU, Debian's chromium package brings
 * SwiftShader's Vulkan driver: the process must START with
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium
 * (the loader reads LD_LIBRARY_PATH at process start; `swiftShaderEnv` gives both).
 */
import { existsSync } from 'node:fs';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** The environment a child process needs to run WebGPU on SwiftShader, or null where Debian's chromium is missing. */
export function swiftShaderEnv(env: Record<string, string | undefined> = process.env, exists: (path: string) => boolean = existsSync): Record<string, string> | null {
  if (!exists(SWIFTSHADER_ICD)) return null;
  const dir = '/usr/lib/chromium';
  const library = env.LD_LIBRARY_PATH;
  return { VK_ICD_FILENAMES: SWIFTSHADER_ICD, LD_LIBRARY_PATH: library ? `${dir}:${library}` : dir };
}

/** Where a system Vulkan loader usually lives (a GPU driver's machine has one; ours has none). */
const SYSTEM_LOADERS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1', '/usr/lib/libvulkan.so.1'];

export type VulkanChoice = 'auto' | 'system' | 'swiftshader';

/**
 * The extra environment for a child process that runs WebGPU: 'system' none (the driver the
 * machine has), 'swiftshader' Debian chromium's; 'auto' keeps VK_ICD_FILENAMES when set and the
 * system's loader when there is one, else takes SwiftShader. Null: SwiftShader was asked for
 * but is not installed.
 */
export function vulkanEnv(choice: VulkanChoice, env: Record<string, string | undefined> = process.env, exists: (path: string) => boolean = existsSync): Record<string, string> | null {
  if (choice === 'system') return {};
  const swiftShader = () => swiftShaderEnv(env, exists);
  if (choice === 'swiftshader') return swiftShader();
  if (env.VK_ICD_FILENAMES || SYSTEM_LOADERS.some(exists)) return {};
  return swiftShader() ?? {};
}

/** Installs Dawn's `navigator.gpu` (once); says why not when the `webgpu` package cannot load. */
export async function installNodeWebGpu(): Promise<{ installed: true } | { unavailable: string }> {
  const existing = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (existing?.gpu) return { installed: true };
  let dawn: { create(options: string[]): GPU; globals: object };
  try {
    dawn = (await import('webgpu')) as typeof dawn;
  } catch (error) {
    return { unavailable: `the webgpu package (Dawn) did not load: ${String(error)}` };
  }
  // WebGPU's classes and constants (GPUBufferUsage, …) as globals, as in a browser.
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  if (existing) Object.defineProperty(existing, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  return { installed: true };
}
