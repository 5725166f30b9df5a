/**
 * How a matrix-factorization training step ran, for both models (BPR-MF and biased MF):
 * `wasm-simd` the WebAssembly SIMD kernel on TF.js's WASM memory (src/models/kernels/),
 * `js-in-place` the JavaScript reference on the tables' own memory (CPU, or WASM without the
 * kernel), `tensor-ops` TF.js ops (WebGPU, WebGL).
 */
export type StepPath = 'wasm-simd' | 'js-in-place' | 'tensor-ops';

/** `kernelUnavailable` says why the step was not the SIMD kernel. */
export interface StepInfo {
  path: StepPath;
  kernelUnavailable?: string;
}
