/**
 * Loading a kernel module of ours (base64 in a generated *-wasm.ts file) onto the TF.js WASM
 * backend's memory, shared by the BPR and rating step kernels. Each module is compiled twice,
 * for a plain and for a shared memory (compile-kernels.ts says why); the one matching the heap is used.
 */
import type { WasmHeap } from '../wasm-heap.ts';

export function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  return bytes;
}

// Arithmetic, not `& ~15`: bitwise operators are 32-bit signed, and TF.js's heap may pass 2 GB.
export const align16 = (n: number) => Math.ceil(n / 16) * 16;

/** The module instantiated on `heap`'s memory (plain or shared), or why it cannot be. */
export function instantiateKernel(heap: WasmHeap, plain: string, shared: string): WebAssembly.Instance | { unavailable: string } {
  const isShared = typeof SharedArrayBuffer !== 'undefined' && heap.memory.buffer instanceof SharedArrayBuffer;
  const bytes = bytesOf(isShared ? shared : plain);
  if (!WebAssembly.validate(bytes)) return { unavailable: 'this JavaScript engine has no WebAssembly SIMD' };
  try {
    // Synchronous: the step runs inside a synchronous TF.js kernel. Browsers allow synchronous
    // compilation on the main thread up to 4 KB; each module stays under that (a test checks it).
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: heap.memory } });
  } catch (error) {
    return { unavailable: `the kernel did not instantiate on the TF.js memory: ${String(error)}` };
  }
}
