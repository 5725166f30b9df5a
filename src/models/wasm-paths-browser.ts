/**
 * URLs of the TF.js WASM binaries as Vite serves and bundles them. Imported only in the browser
 * (backend.ts loads it lazily), because `?url` imports exist only under Vite. The published
 * package has `new URL('../wasm/…', import.meta.url)` here instead, with the binaries beside it
 * (scripts/lib-build/url-imports.ts), which any bundler understands; an app can override both
 * with the `wasmPaths` option (src/runtime/wasm-paths.ts).
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const browserWasmPaths = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
};
