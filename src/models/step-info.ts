/**
 * How a matrix-factorization training step ran, for both models (BPR-MF and biased MF):
 * `wasm-simd` the WebAssembly SIMD kernel on TF.js's WASM memory (src/models/kernels/),
 * `js-in-place` the JavaScript reference on the tables' own memory (CPU, or WASM without the
 * kernel), `webgpu-fused` our WGSL kernels on TF.js's WebGPU device and the tables' own buffers
 * (src/models/webgpu/), `tensor-ops` TF.js ops (WebGL, or WebGPU with the fused kernels off).
 */
export type StepPath = 'wasm-simd' | 'js-in-place' | 'webgpu-fused' | 'tensor-ops';

/** `kernelUnavailable` says why the step was not the SIMD kernel (or, on WebGPU, not the fused kernels). */
export interface StepInfo {
  path: StepPath;
  kernelUnavailable?: string;
}
