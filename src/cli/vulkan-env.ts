/**
 * The Vulkan driver a Node process running WebGPU through Dawn (the `webgpu` package) starts with:
 * `l4r bench train`'s WebGPU rows and the `webgpu` Vitest project (vite.config.ts). Dawn reaches the
 * GPU through Vulkan on Linux. Without a GPU, Debian's chromium package brings SwiftShader's Vulkan
 * driver: the process must START with
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium
 * (the loader reads LD_LIBRARY_PATH at process start; `swiftShaderEnv` gives both). Installing Dawn
 * itself is tests/helpers/models/node-webgpu.ts: a development tool, never in the package.
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
