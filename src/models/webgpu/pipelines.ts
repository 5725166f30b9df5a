/**
 * Compute pipelines of our WGSL sources, compiled once per GPUDevice (TF.js keeps one device per
 * backend instance; a new backend gets a new device and compiles again).
 */
const perDevice = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** The pipeline named `label`, compiled from `code()` on first use on `device`. */
export function pipeline(device: GPUDevice, label: string, code: () => string): GPUComputePipeline {
  let cache = perDevice.get(device);
  if (!cache) perDevice.set(device, (cache = new Map()));
  let found = cache.get(label);
  if (!found) {
    const module = device.createShaderModule({ label, code: code() });
    found = device.createComputePipeline({ label, layout: 'auto', compute: { module, entryPoint: 'main' } });
    cache.set(label, found);
  }
  return found;
}

/**
 * Workgroups for `count` groups laid out as x × y within the per-dimension limit (65,535 by
 * default); the kernels index them as group.x + group.y × groups.x and skip the overhang.
 */
export function grid(count: number, limit: number): [number, number] {
  if (count <= limit) return [Math.max(1, count), 1];
  const y = Math.ceil(count / limit);
  return [Math.ceil(count / y), y];
}
