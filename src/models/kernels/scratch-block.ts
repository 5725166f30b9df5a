/**
 * What the BPR and rating step kernels share around their WebAssembly call: one scratch block per
 * kernel in TF.js's WASM heap (batch indices, gradient rows), from the backend's own allocator, and
 * one kernel per TF.js WASM memory. The block is kept, and only grows, for as long as the memory
 * lives: training reuses it every step, and a kernel outlives the models that use it.
 */
import { RecError } from '../../errors.ts';
import { wasmHeap, type WasmHeap } from '../wasm-heap.ts';
import { align16 } from './instantiate-kernel.ts';

export class ScratchBlock {
  private block = 0;
  private base = 0;
  private bytes = 0;

  constructor(private readonly heap: WasmHeap) {}

  /**
   * The 16-byte aligned start of at least `bytes` of scratch. A larger request replaces the block
   * (its contents are lost: `fresh` is true). Allocating may grow the memory, which detaches views
   * of it taken before. Throws QUOTA_EXCEEDED when the heap has no room.
   */
  reserve(bytes: number): { base: number; fresh: boolean } {
    if (bytes <= this.bytes) return { base: this.base, fresh: false };
    if (this.block) this.heap.free(this.block);
    this.block = this.heap.malloc(bytes + 16);
    if (!this.block) {
      this.bytes = 0;
      throw new RecError('QUOTA_EXCEEDED', `The WASM heap has no room for ${bytes} bytes of training scratch; use a smaller batch size.`);
    }
    this.base = align16(this.block);
    this.bytes = bytes;
    return { base: this.base, fresh: true };
  }
}

type Loaded<K> = K | { unavailable: string };

/** `kernelFor()`: the kernel on the active TF.js backend's memory (loaded once per memory), or why there is none. */
export function perMemory<K>(load: (heap: WasmHeap) => Loaded<K>): () => Loaded<K> {
  const kernels = new WeakMap<WebAssembly.Memory, Loaded<K>>();
  return () => {
    const heap = wasmHeap();
    if ('unavailable' in heap) return heap;
    let kernel = kernels.get(heap.memory);
    if (!kernel) {
      kernel = load(heap);
      kernels.set(heap.memory, kernel);
    }
    return kernel;
  };
}
