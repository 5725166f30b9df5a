/**
 * The packed SASRec step on the SIMD kernel, on TF.js's own WASM memory: the parameters are the
 * tensors' storage (no copy), the arena is one scratch block from the backend's allocator, shared
 * by every model on that memory and kept (growing only) while the memory lives.
 *
 * The kernel is ~10 KB, over the 4 KB browsers compile synchronously on a main thread, so it is
 * compiled and instantiated asynchronously (`loadSimdKernel`) before a model's first step or
 * scoring pass; the step itself then runs synchronously inside a TF.js kernel (inPlaceArrays).
 */
import { wasmHeap, type WasmHeap } from '../wasm-heap.ts';
import { bytesOf } from '../kernels/instantiate-kernel.ts';
import { ScratchBlock } from '../kernels/scratch-block.ts';
import { WasmOps, type SasRecKernelExports } from './kernel/ops-wasm.ts';
import { SASREC_KERNEL_RELAXED_SHARED_WASM, SASREC_KERNEL_RELAXED_WASM, SASREC_KERNEL_SHARED_WASM, SASREC_KERNEL_WASM } from './kernel/sasrec-kernel-wasm.ts';
import { batchCapacity, lastRows, type PackedRunner } from './packed-runner.ts';
import type { PackedBatch } from './packed-batch.ts';
import type { ParamLayout } from './param-layout.ts';
import type { FlatStateData } from './param-state.ts';
import type { SasRecConfig } from './sasrec-config.ts';
import { forward, trainStep, writeBatch } from './sasrec-step.ts';
import { arenaLayout, maxCapacity, type ArenaLayout, type Capacity } from './step-arena.ts';

type Unavailable = { unavailable: string };

/** The kernel instantiated on one TF.js WASM memory, with that memory's scratch block. */
interface LoadedKernel {
  heap: WasmHeap;
  ops: WasmOps;
  /** The relaxed-SIMD build (fused multiply-add) runs. */
  relaxed: boolean;
  scratch: ScratchBlock;
}

const loaded = new WeakMap<WebAssembly.Memory, Promise<LoadedKernel | Unavailable>>();
const modules = new Map<string, Promise<WebAssembly.Module>>();

/** The kernel on the active backend's memory (loaded once per memory), or why there is none. */
export async function loadSimdKernel(): Promise<LoadedKernel | Unavailable> {
  const heap = wasmHeap();
  if ('unavailable' in heap) return heap;
  let kernel = loaded.get(heap.memory);
  if (!kernel) {
    kernel = instantiate(heap);
    loaded.set(heap.memory, kernel);
  }
  return kernel;
}

async function instantiate(heap: WasmHeap): Promise<LoadedKernel | Unavailable> {
  const loaded = await kernelOps(heap.memory);
  return 'unavailable' in loaded ? loaded : { heap, ops: loaded.ops, relaxed: loaded.relaxed, scratch: new ScratchBlock(heap) };
}

/**
 * The kernel's operations on `memory` (plain or shared), or why they cannot run: the relaxed-SIMD
 * build where this engine validates it (`relaxed: 'never'` forces the plain one, for tests), else
 * the plain SIMD build.
 */
export async function kernelOps(memory: WebAssembly.Memory, options: { relaxed?: 'auto' | 'never' } = {}): Promise<{ ops: WasmOps; relaxed: boolean } | Unavailable> {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const relaxedBytes = bytesOf(shared ? SASREC_KERNEL_RELAXED_SHARED_WASM : SASREC_KERNEL_RELAXED_WASM);
  const relaxed = options.relaxed !== 'never' && WebAssembly.validate(relaxedBytes);
  const bytes = relaxed ? relaxedBytes : bytesOf(shared ? SASREC_KERNEL_SHARED_WASM : SASREC_KERNEL_WASM);
  if (!WebAssembly.validate(bytes)) return { unavailable: 'this JavaScript engine has no WebAssembly SIMD' };
  try {
    const key = `${shared}-${relaxed}`;
    let module = modules.get(key);
    if (!module) {
      module = WebAssembly.compile(bytes);
      modules.set(key, module);
    }
    const instance = await WebAssembly.instantiate(await module, { env: { memory } });
    return { ops: new WasmOps(instance.exports as unknown as SasRecKernelExports), relaxed };
  } catch (error) {
    return { unavailable: `the SASRec kernel did not instantiate on the TF.js memory: ${String(error)}` };
  }
}

/** Why a configuration cannot run on the kernel (it works in f32x4 lanes), or null. */
export function simdUnsupported(config: Pick<SasRecConfig, 'dim' | 'heads'>): string | null {
  if (config.dim % 4 !== 0) return `dim ${config.dim} is not a multiple of 4 (the kernel works in f32x4 lanes)`;
  if ((config.dim / config.heads) % 4 !== 0) return `the head width ${config.dim / config.heads} is not a multiple of 4 (the kernel works in f32x4 lanes)`;
  return null;
}

export class SimdRunner implements PackedRunner {
  private capacity: Capacity = { rows: 0, seqs: 0, probs: 0 };
  private at: ArenaLayout | null = null;

  constructor(
    private readonly kernel: LoadedKernel,
    private readonly config: SasRecConfig,
    private readonly layout: ParamLayout,
  ) {}

  /** The memory this runner works on. */
  get memory(): WebAssembly.Memory {
    return this.kernel.heap.memory;
  }

  /** The relaxed-SIMD build (fused multiply-add) runs. */
  get relaxed(): boolean {
    return this.kernel.relaxed;
  }

  /**
   * Reserves the arena for `batch` (allocating may grow the memory and detach views of it: call
   * this BEFORE taking the views a step runs on).
   */
  prepare(batch: PackedBatch): void {
    this.capacity = maxCapacity(batchCapacity(batch, this.config.heads), this.capacity);
    const bytes = arenaLayout(0, this.capacity, this.config, this.layout.size).end * 4;
    // The block is shared with other models on this memory: ask every time (free when it fits).
    const { base } = this.kernel.scratch.reserve(bytes);
    this.at = arenaLayout(base / 4, this.capacity, this.config, this.layout.size);
  }

  train(state: FlatStateData, batch: PackedBatch, seed: number, t: number): number | null {
    const at = this.arena(batch, [state.w, state.m, state.v]);
    if (!at) return null;
    const params = { w: state.w.byteOffset / 4, m: state.m.byteOffset / 4, v: state.v.byteOffset / 4 };
    return trainStep(this.kernel.ops, at, params, this.layout, this.config, batch, seed, t);
  }

  represent(weights: Float32Array, batch: PackedBatch): Float32Array | null {
    const at = this.arena(batch, [weights]);
    if (!at) return null;
    forward(this.kernel.ops, at, weights.byteOffset / 4, this.layout, this.config, batch, -1);
    return lastRows(new Float32Array(this.memory.buffer), at.hF, batch, this.config.dim);
  }

  /** The arena with the batch written, or null when the arrays do not live in this memory (or `prepare` was not called). */
  private arena(batch: PackedBatch, arrays: Float32Array[]): ArenaLayout | null {
    const buffer = this.memory.buffer;
    if (!this.at || arrays.some((a) => a.buffer !== buffer || a.byteOffset % 4 !== 0)) return null;
    const need = batchCapacity(batch, this.config.heads);
    if (need.rows > this.capacity.rows || need.seqs > this.capacity.seqs || need.probs > this.capacity.probs) return null;
    writeBatch(new Int32Array(buffer), this.at, batch, this.config);
    return this.at;
  }
}
