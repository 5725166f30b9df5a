/**
 * Runs the packed SASRec step (sasrec-step.ts) on the parameters' own memory: what a training
 * step and a scoring pass need around the ops (an arena sized for the batch, the batch written
 * into it, the representations read out). Two runners, same interface: `JsPackedRunner` here (a
 * JS arena; the parameters are copied in and out, which costs nothing next to JS arithmetic) and
 * the SIMD runner on TF.js's WASM heap (wasm-runner.ts).
 */
import { JsOps } from './ops-js.ts';
import type { PackedBatch } from './packed-batch.ts';
import type { ParamLayout } from './param-layout.ts';
import type { FlatStateData } from './param-state.ts';
import type { SasRecConfig } from './sasrec-config.ts';
import { forward, trainStep, writeBatch } from './sasrec-step.ts';
import { arenaLayout, fits, maxCapacity, probCount, type ArenaLayout, type Capacity } from './step-arena.ts';

export interface PackedRunner {
  /** One step with Adam step t on live views of the state, in place; the batch's summed loss, or null if the views are not in this runner's memory (nothing changed). */
  train(state: FlatStateData, batch: PackedBatch, seed: number, t: number): number | null;
  /** The last position's representation of each sequence ([seqs × dim]; zeros for an empty one), or null as above. */
  represent(weights: Float32Array, batch: PackedBatch): Float32Array | null;
}

export function batchCapacity(batch: PackedBatch, heads: number): Capacity {
  return { rows: batch.rows, seqs: batch.seqs, probs: probCount(batch.seqStart, heads) };
}

/** The last row of each sequence's hF (at `hF` in F), zero for empty sequences. */
export function lastRows(F: Float32Array, hF: number, batch: PackedBatch, dim: number): Float32Array {
  const out = new Float32Array(batch.seqs * dim);
  for (let s = 0; s < batch.seqs; s++) {
    const end = batch.seqStart[s + 1]!;
    if (end > batch.seqStart[s]!) out.set(F.subarray(hF + (end - 1) * dim, hF + end * dim), s * dim);
  }
  return out;
}

export class JsPackedRunner implements PackedRunner {
  private capacity: Capacity = { rows: 0, seqs: 0, probs: 0 };
  private ops: JsOps | null = null;
  private at: ArenaLayout | null = null;

  constructor(
    private readonly config: SasRecConfig,
    private readonly layout: ParamLayout,
  ) {}

  train(state: FlatStateData, batch: PackedBatch, seed: number, t: number): number {
    const { ops, at } = this.prepare(batch);
    const size = this.layout.size;
    // Weights, then m, then v, then the arena: one memory for the ops.
    ops.F.set(state.w, 0);
    ops.F.set(state.m, size);
    ops.F.set(state.v, 2 * size);
    const loss = trainStep(ops, at, { w: 0, m: size, v: 2 * size }, this.layout, this.config, batch, seed, t);
    state.w.set(ops.F.subarray(0, size));
    state.m.set(ops.F.subarray(size, 2 * size));
    state.v.set(ops.F.subarray(2 * size, 3 * size));
    return loss;
  }

  represent(weights: Float32Array, batch: PackedBatch): Float32Array {
    const { ops, at } = this.prepare(batch);
    ops.F.set(weights, 0);
    forward(ops, at, 0, this.layout, this.config, batch, -1);
    return lastRows(ops.F, at.hF, batch, this.config.dim);
  }

  private prepare(batch: PackedBatch): { ops: JsOps; at: ArenaLayout } {
    const need = batchCapacity(batch, this.config.heads);
    if (!this.ops || !fits(need, this.capacity)) {
      this.capacity = maxCapacity(need, this.capacity);
      this.at = arenaLayout(3 * this.layout.size, this.capacity, this.config, this.layout.size);
      const buffer = new ArrayBuffer(this.at.end * 4);
      this.ops = new JsOps(new Float32Array(buffer), new Int32Array(buffer));
    }
    writeBatch(this.ops.I, this.at!, batch, this.config);
    return { ops: this.ops, at: this.at! };
  }
}
