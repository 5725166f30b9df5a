/**
 * The WebAssembly SIMD kernel for one BPR-MF training step (source: bpr-step.as), run on the
 * TF.js WASM backend's own memory: the tables are the tensors' storage, the batch indices and the
 * gradient rows live in one scratch block from the backend's allocator. No table is copied.
 *
 * Why: the same step in JavaScript (bpr-step.ts `BprStepJs`) spends about 5 ns per value in
 * scalar double arithmetic; f32x4 lanes do four at a time. The JS step stays the reference and the
 * fallback: `bprStepKernel` says why the kernel cannot run (no SIMD in this engine, not the WASM
 * backend, memory not found, latent dimension not a multiple of 4).
 */
import type { WasmHeap } from '../wasm-heap.ts';
import { checkBprBatch, type BprStepBatch, type BprStepConfig } from '../bpr-step.ts';
import { adamScalars } from '../adam-config.ts';
import type { AdamArrays } from '../lazy-adam.ts';
import { BPR_STEP_SHARED_WASM, BPR_STEP_WASM } from './bpr-step-wasm.ts';
import { align16, instantiateKernel } from './instantiate-kernel.ts';
import { perMemory, ScratchBlock } from './scratch-block.ts';

type BprStepExport = (
  weights: number, m: number, v: number, dim: number,
  users: number, positives: number, negatives: number, batch: number, itemOffset: number,
  slotOf: number, unique: number, grad: number,
  l2: number, beta1: number, beta2: number, stepSize: number, epsilonHat: number,
) => number;

export class BprStepKernel {
  private readonly bprStep: BprStepExport;
  private readonly scratch: ScratchBlock;
  /** Where the scratch layout starts, and what it has room for. */
  private base = 0;
  private room = { batch: 0, rows: 0, dim: 0 };

  private constructor(private readonly heap: WasmHeap, instance: WebAssembly.Instance) {
    this.bprStep = instance.exports.bprStep as BprStepExport;
    this.scratch = new ScratchBlock(heap);
  }

  /** Instantiates the kernel on `heap`'s memory (plain or shared), or says why it cannot. */
  static load(heap: WasmHeap): BprStepKernel | { unavailable: string } {
    const instance = instantiateKernel(heap, BPR_STEP_WASM, BPR_STEP_SHARED_WASM);
    return 'unavailable' in instance ? instance : new BprStepKernel(heap, instance);
  }

  /**
   * One BPR step with lazy Adam at Adam step t on `state` (views of [rows, dim] tables), in place.
   * Returns the batch's summed data loss, or null when `state` does not live in this kernel's
   * memory (then nothing was changed). Throws UNKNOWN_USER/UNKNOWN_ITEM for indices outside the
   * table: the kernel has no bounds checks, and a stray row would corrupt TF.js's heap.
   */
  run(state: AdamArrays, dim: number, batch: BprStepBatch, config: BprStepConfig, t: number): number | null {
    const { memory } = this.heap;
    const arrays = [state.weights, state.m, state.v];
    if (dim % 4 !== 0 || arrays.some((a) => a.buffer !== memory.buffer || a.byteOffset % 4 !== 0)) return null;
    const rows = state.weights.length / dim;
    if (!Number.isInteger(rows) || arrays.some((a) => a.length !== state.weights.length)) return null;
    checkBprBatch(batch, rows);
    // Offsets first: reserving scratch may grow the memory, which detaches these views.
    const [weights, m, v] = arrays.map((a) => a.byteOffset) as [number, number, number];
    const n = batch.user.length;
    const at = this.reserve(n, rows, dim);
    const ints = new Int32Array(memory.buffer);
    ints.set(batch.user, at.users >>> 2);
    ints.set(batch.positive, at.positives >>> 2);
    ints.set(batch.negative, at.negatives >>> 2);
    const { stepSize, epsilonHat } = adamScalars(config, t);
    return this.bprStep(
      weights, m, v, dim,
      at.users, at.positives, at.negatives, n, batch.itemOffset,
      at.slotOf, at.unique, at.grad,
      config.l2, config.beta1, config.beta2, stepSize, epsilonHat,
    );
  }

  /** The scratch layout for this batch, growing the block if needed (slotOf is kept all −1). */
  private reserve(batch: number, rows: number, dim: number): ReturnType<typeof layout> {
    const room = this.room;
    if (batch > room.batch || rows > room.rows || dim > room.dim) {
      const next = { batch: Math.max(batch, room.batch), rows: Math.max(rows, room.rows), dim: Math.max(dim, room.dim) };
      this.room = { batch: 0, rows: 0, dim: 0 };
      const { base } = this.scratch.reserve(layout(0, next).end);
      this.base = base;
      this.room = next;
      // The slot table moved (or is new): every row untouched.
      const slot = layout(base, next).slotOf >>> 2;
      new Int32Array(this.heap.memory.buffer).fill(-1, slot, slot + next.rows);
    }
    return layout(this.base, this.room);
  }
}

/** Byte offsets of the scratch parts for a capacity, each 16-byte aligned, from `base`. */
function layout(base: number, room: { batch: number; rows: number; dim: number }) {
  const users = base;
  const positives = users + align16(room.batch * 4);
  const negatives = positives + align16(room.batch * 4);
  const unique = negatives + align16(room.batch * 4);
  const slotOf = unique + align16(3 * room.batch * 4);
  const grad = slotOf + align16(room.rows * 4);
  const end = grad + 3 * room.batch * room.dim * 4;
  return { users, positives, negatives, unique, slotOf, grad, end };
}

const kernelOnMemory = perMemory(BprStepKernel.load);

/**
 * The kernel for the active TF.js backend and latent dimension, or why there is none. One kernel
 * (and one scratch block) per TF.js WASM memory, kept as long as that memory lives.
 */
export function bprStepKernel(dim: number): BprStepKernel | { unavailable: string } {
  if (dim % 4 !== 0) return { unavailable: `the latent dimension ${dim} is not a multiple of 4 (the kernel works in f32x4 lanes)` };
  return kernelOnMemory();
}
