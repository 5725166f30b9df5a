/**
 * The WebAssembly SIMD kernel for one training step of the rating model (source: rating-step.as),
 * run on the TF.js WASM backend's own memory like the BPR kernel (bpr-step-kernel.ts): the tables
 * are the tensors' storage; the batch (rows, slots, ratings, attribute entries, masks) is copied
 * into one scratch block from the backend's allocator, and the gradient rows live there too.
 *
 * Why: the JS step (rating-step.ts `RatingStepJs`) works one double at a time; f32x4 lanes do four.
 * The JS step stays the reference and the fallback (`ratingStepKernel` says why the kernel cannot
 * run: no SIMD, not the WASM backend, memory not reachable).
 */
import { adamScalars, type AdamConfig } from '../adam-config.ts';
import type { WasmHeap } from '../wasm-heap.ts';
import type { RatingTerms } from '../feature-gradients.ts';
import type { AdamArrays } from '../lazy-adam.ts';
import { checkRatingBatch, type RatingBatch } from '../rating-step.ts';
import { align16, instantiateKernel } from './instantiate-kernel.ts';
import { RATING_STEP_SHARED_WASM, RATING_STEP_WASM } from './rating-step-wasm.ts';
import { perMemory, ScratchBlock } from './scratch-block.ts';

type RatingStepExport = (
  weights: number, m: number, v: number, width: number, batch: number,
  users: number, items: number, userSlots: number, itemSlots: number, ratings: number,
  entries: number, entrySample: number, attributes: number, attributeSlots: number, entryWeights: number, entryRegWeights: number,
  unique: number, uniqueCount: number, grad: number, composed: number, maskP: number, maskQ: number,
  globalMean: number, l2: number, beta1: number, beta2: number, stepSize: number, epsilonHat: number,
) => number;

/** What the scratch block has room for. */
interface Room {
  batch: number;
  entries: number;
  unique: number;
  width: number;
}

export class RatingStepKernel {
  private readonly ratingStep: RatingStepExport;
  private readonly scratch: ScratchBlock;
  /** Where the scratch layout starts, and what it has room for. */
  private base = 0;
  private room: Room = { batch: 0, entries: 0, unique: 0, width: 0 };

  private constructor(private readonly heap: WasmHeap, instance: WebAssembly.Instance) {
    this.ratingStep = instance.exports.ratingStep as RatingStepExport;
    this.scratch = new ScratchBlock(heap);
  }

  static load(heap: WasmHeap): RatingStepKernel | { unavailable: string } {
    const instance = instantiateKernel(heap, RATING_STEP_WASM, RATING_STEP_SHARED_WASM);
    return 'unavailable' in instance ? instance : new RatingStepKernel(heap, instance);
  }

  /**
   * One step with lazy Adam at Adam step t on `state` (views of [rows, width] tables), in place.
   * Returns the batch's summed data loss, or null when `state` does not live in this kernel's
   * memory (then nothing was changed). Throws (checkRatingBatch) for rows or slots outside the
   * table: the kernel has no bounds checks.
   */
  run(state: AdamArrays, width: number, batch: RatingBatch, terms: RatingTerms, adam: AdamConfig, t: number): number | null {
    const { memory } = this.heap;
    const arrays = [state.weights, state.m, state.v];
    if (arrays.some((a) => a.buffer !== memory.buffer || a.byteOffset % 4 !== 0 || a.length !== state.weights.length)) return null;
    const rows = state.weights.length / width;
    if (!Number.isInteger(rows) || terms.maskP.length !== width || terms.maskQ.length !== width) return null;
    checkRatingBatch(batch, rows);
    // Offsets first: reserving scratch may grow the memory, which detaches these views.
    const [weights, m, v] = arrays.map((a) => a.byteOffset) as [number, number, number];
    const n = batch.user.length;
    const entries = batch.entrySample.length;
    const at = this.reserve({ batch: n, entries, unique: batch.unique.length, width });
    const ints = new Int32Array(memory.buffer);
    const floats = new Float32Array(memory.buffer);
    ints.set(batch.user, at.users >>> 2);
    ints.set(batch.item, at.items >>> 2);
    ints.set(batch.userSlot, at.userSlots >>> 2);
    ints.set(batch.itemSlot, at.itemSlots >>> 2);
    floats.set(batch.rating, at.ratings >>> 2);
    ints.set(batch.entrySample, at.entrySample >>> 2);
    ints.set(batch.attribute, at.attributes >>> 2);
    ints.set(batch.attributeSlot, at.attributeSlots >>> 2);
    floats.set(batch.weight, at.entryWeights >>> 2);
    floats.set(batch.regWeight, at.entryRegWeights >>> 2);
    ints.set(batch.unique, at.unique >>> 2);
    floats.set(terms.maskP, at.maskP >>> 2);
    floats.set(terms.maskQ, at.maskQ >>> 2);
    const { stepSize, epsilonHat } = adamScalars(adam, t);
    return this.ratingStep(
      weights, m, v, width, n,
      at.users, at.items, at.userSlots, at.itemSlots, at.ratings,
      entries, at.entrySample, at.attributes, at.attributeSlots, at.entryWeights, at.entryRegWeights,
      at.unique, batch.unique.length, at.grad, at.composed, at.maskP, at.maskQ,
      terms.globalMean, terms.l2, adam.beta1, adam.beta2, stepSize, epsilonHat,
    );
  }

  /** The scratch layout for this batch, growing the block if needed. */
  private reserve(need: Room): ReturnType<typeof layout> {
    const room = this.room;
    if (need.batch > room.batch || need.entries > room.entries || need.unique > room.unique || need.width > room.width) {
      const next: Room = {
        batch: Math.max(need.batch, room.batch),
        entries: Math.max(need.entries, room.entries),
        unique: Math.max(need.unique, room.unique),
        width: Math.max(need.width, room.width),
      };
      this.room = { batch: 0, entries: 0, unique: 0, width: 0 };
      this.base = this.scratch.reserve(layout(0, next).end).base;
      this.room = next;
    }
    return layout(this.base, this.room);
  }
}

/** Byte offsets of the scratch parts for a capacity, each 16-byte aligned, from `base`. */
function layout(base: number, room: Room) {
  let at = base;
  const part = (values: number) => {
    const start = at;
    at += align16(values * 4);
    return start;
  };
  const parts = {
    users: part(room.batch),
    items: part(room.batch),
    userSlots: part(room.batch),
    itemSlots: part(room.batch),
    ratings: part(room.batch),
    entrySample: part(room.entries),
    attributes: part(room.entries),
    attributeSlots: part(room.entries),
    entryWeights: part(room.entries),
    entryRegWeights: part(room.entries),
    unique: part(room.unique),
    composed: part(room.width),
    maskP: part(room.width),
    maskQ: part(room.width),
    grad: part(room.unique * room.width),
  };
  return { ...parts, end: at };
}

/** The kernel for the active TF.js backend, or why there is none; one per TF.js WASM memory. */
export const ratingStepKernel = perMemory(RatingStepKernel.load);
