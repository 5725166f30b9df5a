/**
 * Test helpers: a tiny SASRec configuration, random (non-trivial) weights for it, a hand-made
 * packed batch, and the packed path's gradients on a JS memory, for parity tests.
 */
import { Random } from '../../../random.ts';
import { JsOps } from '../ops-js.ts';
import type { PackedBatch } from '../packed-batch.ts';
import { paramLayout, type ParamLayout } from '../param-layout.ts';
import { sasrecConfig, type SasRecConfig } from '../sasrec-config.ts';
import { backward, forward, writeBatch } from '../sasrec-step.ts';
import { arenaLayout, probCount, type ArenaLayout } from '../step-arena.ts';

export const TINY_ITEMS = 7;

export function tinyConfig(overrides: Partial<SasRecConfig> = {}): SasRecConfig {
  return sasrecConfig({ dim: 8, heads: 2, blocks: 2, maxLen: 5, dropout: 0, batchSize: 4, ...overrides });
}

/** Every parameter drawn N(0, 0.3²) (gains around 1), so no gradient is trivially zero. */
export function randomWeights(layout: ParamLayout, seed: number): Float32Array {
  const rng = new Random(seed);
  const w = new Float32Array(layout.size);
  for (const slot of layout.slots) {
    for (let k = 0; k < slot.size; k++) w[slot.offset + k] = (slot.init === 'ones' ? 1 : 0) + 0.3 * rng.normal();
  }
  return w;
}

/** Three sequences of 5, 2 and 3 items (embedding rows 1..7), with targets and negatives. */
export function tinyBatch(maxLen = 5): PackedBatch {
  const lengths = [5, 2, 3];
  const input = Int32Array.of(1, 2, 3, 4, 5, 6, 7, 2, 4, 6);
  const positive = Int32Array.of(2, 3, 4, 5, 6, 7, 1, 4, 6, 1);
  const negative = Int32Array.of(7, 7, 1, 1, 2, 3, 2, 5, 5, 3);
  const seqStart = Int32Array.of(0, 5, 7, 10);
  const position = new Int32Array(10);
  lengths.forEach((n, s) => {
    for (let j = 0; j < n; j++) position[seqStart[s]! + j] = maxLen - n + j;
  });
  return { seqs: 3, rows: 10, seqStart, input, position, positive, negative };
}

export interface JsRun {
  ops: JsOps;
  at: ArenaLayout;
  layout: ParamLayout;
  /** Element offset of the weights in ops.F. */
  w: number;
}

/** A JS memory holding `weights` and an arena for `batch` (written). */
export function jsRun(config: SasRecConfig, numItems: number, weights: Float32Array, batch: PackedBatch): JsRun {
  const layout = paramLayout(config, numItems);
  const capacity = { rows: batch.rows, seqs: batch.seqs, probs: probCount(batch.seqStart, config.heads) };
  const at = arenaLayout(layout.size, capacity, config, layout.size);
  const buffer = new ArrayBuffer(at.end * 4);
  const ops = new JsOps(new Float32Array(buffer), new Int32Array(buffer));
  ops.F.set(weights, 0);
  writeBatch(ops.I, at, batch, config.heads);
  return { ops, at, layout, w: 0 };
}

/** The packed path's mean loss and flat gradient for `batch` (dropout from `seed`, −1: none). */
export function packedGradients(run: JsRun, config: SasRecConfig, batch: PackedBatch, seed = -1): { loss: number; grad: Float32Array } {
  const { ops, at, layout, w } = run;
  forward(ops, at, w, layout, config, batch, seed);
  ops.zero(at.grad, layout.size);
  const sum = ops.bceLoss(at.hF, w + layout.item, at.positive, at.negative, at.gA, at.grad + layout.item, batch.rows, config.dim);
  backward(ops, at, w, layout, config, batch, seed);
  return { loss: sum / batch.rows, grad: ops.F.slice(at.grad, at.grad + layout.size) };
}
