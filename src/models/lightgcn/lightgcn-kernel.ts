/**
 * The WebAssembly SIMD kernel for LightGCN (source: lightgcn-step.as), run on the TF.js WASM
 * backend's own memory, as the MF kernels are (src/models/kernels/): the ego table and its Adam
 * moments are the tensors' storage; the graph (CSR), the batch indices, the layer buffers and the
 * gradients live in one scratch block from the backend's allocator. No table is copied.
 *
 * Why: a step is 2K sparse products over every edge (forward and back) plus a dense Adam pass;
 * in JavaScript's scalar doubles that is ~5 ns per value, f32x4 lanes do four at a time. The JS
 * step (lightgcn-step-js.ts) stays the reference and the fallback; `lightGcnKernel` says why the
 * kernel cannot run.
 */
import type { WasmHeap } from '../wasm-heap.ts';
import { adamScalars } from '../adam-config.ts';
import { checkBprBatch, type BprStepBatch } from '../bpr-step.ts';
import { align16, instantiateKernel } from '../kernels/instantiate-kernel.ts';
import { perMemory, ScratchBlock } from '../kernels/scratch-block.ts';
import type { AdamArrays } from '../lazy-adam.ts';
import type { NormalizedGraph } from './graph.ts';
import type { LightGcnStepConfig } from './lightgcn-step-js.ts';
import { LIGHTGCN_STEP_SHARED_WASM, LIGHTGCN_STEP_WASM } from './lightgcn-step-wasm.ts';

type PropagateExport = (rowPtr: number, col: number, value: number, nodes: number, dim: number, x: number, out: number, a: number, b: number, layers: number) => void;
type BprFinalExport = (final: number, grad: number, nodes: number, dim: number, users: number, positives: number, negatives: number, batch: number, itemOffset: number) => number;
type RegAdamExport = (
  weights: number, m: number, v: number, grad: number, nodes: number, dim: number,
  users: number, positives: number, negatives: number, batch: number, itemOffset: number,
  l2: number, beta1: number, beta2: number, stepSize: number, epsilonHat: number,
) => void;

interface Room {
  nodes: number;
  edges: number;
  batch: number;
  dim: number;
}

export class LightGcnKernel {
  private readonly propagateFn: PropagateExport;
  private readonly bprFinalFn: BprFinalExport;
  private readonly regAdamFn: RegAdamExport;
  private readonly scratch: ScratchBlock;
  private base = 0;
  private room: Room = { nodes: 0, edges: 0, batch: 0, dim: 0 };
  /** The graph whose CSR the scratch block holds now (models sharing this kernel take turns). */
  private loadedGraph: NormalizedGraph | null = null;

  private constructor(private readonly heap: WasmHeap, instance: WebAssembly.Instance) {
    this.propagateFn = instance.exports.propagate as PropagateExport;
    this.bprFinalFn = instance.exports.bprFinal as BprFinalExport;
    this.regAdamFn = instance.exports.regAdam as RegAdamExport;
    this.scratch = new ScratchBlock(heap);
  }

  /** Instantiates the kernel on `heap`'s memory (plain or shared), or says why it cannot. */
  static load(heap: WasmHeap): LightGcnKernel | { unavailable: string } {
    const instance = instantiateKernel(heap, LIGHTGCN_STEP_WASM, LIGHTGCN_STEP_SHARED_WASM);
    return 'unavailable' in instance ? instance : new LightGcnKernel(heap, instance);
  }

  /**
   * One LightGCN step at Adam step t on `state` ([nodes, dim] views), in place. Returns the
   * batch's summed data loss, or null when `state` is not in this kernel's memory (nothing changed).
   */
  run(state: AdamArrays, graph: NormalizedGraph, dim: number, batch: BprStepBatch, config: LightGcnStepConfig, t: number): number | null {
    const arrays = [state.weights, state.m, state.v];
    if (!this.addressable(arrays, graph, dim)) return null;
    checkBprBatch(batch, graph.nodes);
    // Offsets first: reserving scratch may grow the memory, which detaches these views.
    const [weights, m, v] = arrays.map((a) => a.byteOffset) as [number, number, number];
    const n = batch.user.length;
    const at = this.prepare(graph, dim, n);
    const ints = new Int32Array(this.heap.memory.buffer);
    ints.set(batch.user, at.users >>> 2);
    ints.set(batch.positive, at.positives >>> 2);
    ints.set(batch.negative, at.negatives >>> 2);
    const { nodes } = graph;
    const { layers } = config;
    // F = mean of layers (into `final`), G = ∂/∂F (into `gradFinal`), ∂/∂E = mean of Â^k G (into `final`, F no longer needed).
    this.propagateFn(at.rowPtr, at.col, at.value, nodes, dim, weights, at.final, at.a, at.b, layers);
    const loss = this.bprFinalFn(at.final, at.gradFinal, nodes, dim, at.users, at.positives, at.negatives, n, batch.itemOffset);
    this.propagateFn(at.rowPtr, at.col, at.value, nodes, dim, at.gradFinal, at.final, at.a, at.b, layers);
    const { stepSize, epsilonHat } = adamScalars(config, t);
    this.regAdamFn(weights, m, v, at.final, nodes, dim, at.users, at.positives, at.negatives, n, batch.itemOffset, config.l2, config.beta1, config.beta2, stepSize, epsilonHat);
    return loss;
  }

  /** The final (propagated) embeddings of `weights` ([nodes, dim], in this memory) as a new array; null if not addressable. */
  propagate(weights: Float32Array, graph: NormalizedGraph, dim: number, layers: number): Float32Array | null {
    if (!this.addressable([weights], graph, dim)) return null;
    const offset = weights.byteOffset;
    const at = this.prepare(graph, dim, 0);
    this.propagateFn(at.rowPtr, at.col, at.value, graph.nodes, dim, offset, at.final, at.a, at.b, layers);
    return new Float32Array(this.heap.memory.buffer, at.final, graph.nodes * dim).slice();
  }

  private addressable(arrays: Float32Array[], graph: NormalizedGraph, dim: number): boolean {
    const { memory } = this.heap;
    return dim % 4 === 0 && arrays.every((a) => a.buffer === memory.buffer && a.byteOffset % 4 === 0 && a.length === graph.nodes * dim);
  }

  /** The scratch layout with the graph's CSR in place, growing the block if needed. */
  private prepare(graph: NormalizedGraph, dim: number, batch: number): ReturnType<typeof layout> {
    const need: Room = { nodes: graph.nodes, edges: graph.col.length, batch, dim };
    const room = this.room;
    if (need.nodes > room.nodes || need.edges > room.edges || need.batch > room.batch || need.dim > room.dim) {
      const next: Room = {
        nodes: Math.max(need.nodes, room.nodes),
        edges: Math.max(need.edges, room.edges),
        batch: Math.max(need.batch, room.batch),
        dim: Math.max(need.dim, room.dim),
      };
      this.room = { nodes: 0, edges: 0, batch: 0, dim: 0 };
      this.loadedGraph = null;
      this.base = this.scratch.reserve(layout(0, next).bytes).base;
      this.room = next;
    }
    const at = layout(this.base, this.room);
    if (this.loadedGraph !== graph) {
      const buffer = this.heap.memory.buffer;
      new Int32Array(buffer, at.rowPtr, graph.rowPtr.length).set(graph.rowPtr);
      new Int32Array(buffer, at.col, graph.col.length).set(graph.col);
      new Float32Array(buffer, at.value, graph.value.length).set(graph.value);
      this.loadedGraph = graph;
    }
    return at;
  }
}

/** Byte offsets of the scratch parts for a capacity, each 16-byte aligned, from `base`. */
function layout(base: number, room: Room) {
  const table = align16(room.nodes * room.dim * 4);
  const rowPtr = base;
  const col = rowPtr + align16((room.nodes + 1) * 4);
  const value = col + align16(room.edges * 4);
  const users = value + align16(room.edges * 4);
  const positives = users + align16(room.batch * 4);
  const negatives = positives + align16(room.batch * 4);
  const final = negatives + align16(room.batch * 4);
  const gradFinal = final + table;
  const a = gradFinal + table;
  const b = a + table;
  return { rowPtr, col, value, users, positives, negatives, final, gradFinal, a, b, bytes: b + table - base };
}

const kernelOnMemory = perMemory(LightGcnKernel.load);

/** The kernel for the active TF.js backend, or why there is none (one per TF.js WASM memory). */
export function lightGcnKernel(dim: number): LightGcnKernel | { unavailable: string } {
  if (dim % 4 !== 0) return { unavailable: `the embedding dimension ${dim} is not a multiple of 4 (the kernel works in f32x4 lanes)` };
  return kernelOnMemory();
}
