import * as tf from '@tensorflow/tfjs-core';

/**
 * The active TF.js WASM backend's memory and allocator, for kernels of our own that work on
 * tensors where they lie (kernels/bpr-step-kernel.ts): a float32 tensor's storage is the slice of
 * `memory.buffer` that `inPlaceArrays` hands out, so its `byteOffset` is the kernel's pointer.
 * TF.js 4.22 keeps the Emscripten module at `backend.wasm`; its exports (`asm`) include the memory
 * in the single-threaded variants (Node, and pages that are not cross-origin isolated). The
 * multi-threaded variant imports a shared memory and exposes it nowhere we found, so there this
 * returns why not (and training takes the JS step). A candidate is checked against the heap views' buffer.
 */
export interface WasmHeap {
  memory: WebAssembly.Memory;
  /** Bytes from the backend's own allocator (Emscripten `_malloc`); may grow the memory. */
  malloc(bytes: number): number;
  free(pointer: number): void;
}

interface EmscriptenModule {
  HEAPU8?: Uint8Array;
  asm?: Record<string, unknown>;
  wasmMemory?: unknown;
  _malloc?: (bytes: number) => number;
  _free?: (pointer: number) => void;
}

export function wasmHeap(): WasmHeap | { unavailable: string } {
  if (tf.getBackend() !== 'wasm') return { unavailable: `the active TF.js backend is ${tf.getBackend()}, not wasm` };
  const module = (tf.backend() as unknown as { wasm?: EmscriptenModule }).wasm;
  const { _malloc: malloc, _free: free } = module ?? {};
  const heap = module?.HEAPU8?.buffer;
  if (!module || !heap || !malloc || !free) return { unavailable: 'the TF.js WASM backend does not expose its heap and allocator (TF.js changed?)' };
  const candidates = [module.wasmMemory, ...Object.values(module.asm ?? {})];
  const memory = candidates.find((c): c is WebAssembly.Memory => c instanceof WebAssembly.Memory && c.buffer === heap);
  if (!memory) {
    // The multi-threaded variant (cross-origin isolated pages) imports a shared memory it keeps to itself.
    const shared = typeof SharedArrayBuffer !== 'undefined' && heap instanceof SharedArrayBuffer;
    return { unavailable: `the TF.js WASM backend's ${shared ? 'shared (multi-threaded) ' : ''}WebAssembly.Memory is not reachable` };
  }
  return { memory, malloc: (bytes) => malloc(bytes), free: (pointer) => free(pointer) };
}
