/**
 * Whether training and queries on the WebGPU backend take our fused WGSL kernels (default) or
 * TF.js tensor ops. Only benchmarks and tests turn them off, to measure or check the tensor-op
 * path beside the fused one in one run; the choice is global like the TF.js backend itself.
 */
let enabled = true;

export function setFusedWebGpu(on: boolean): void {
  enabled = on;
}

export function fusedWebGpuEnabled(): boolean {
  return enabled;
}

export const FUSED_OFF = 'the fused WebGPU kernels are turned off (setFusedWebGpu(false))';
