/**
 * WebGPU in Node: the `webgpu` package (Dawn, Chrome's WebGPU implementation, as a prebuilt
 * `dawn.node`, a devDependency) installed as `navigator.gpu`, so TF.js's WebGPU backend and our
 * fused kernels run in Node (benchmarks, parity tests). It must run BEFORE
 * '@tensorflow/tfjs-backend-webgpu' is imported: that package registers its backend only where
 * `navigator.gpu` exists at import time. Hence the preload entry (bench/node-webgpu-preload.ts) and
 * the Vitest setup file (node-webgpu-setup.ts) that call this. It lives outside src/ so that no
 * published entry reaches Dawn; the process's Vulkan driver is src/cli/vulkan-env.ts.
 */
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
