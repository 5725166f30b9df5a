/**
 * Test helpers: a tiny SASRec configuration, random (non-trivial) weights for it, a hand-made
 * packed batch, and the packed path's gradients on a JS memory, for parity tests.
 */
import { Random } from '../../../../src/random.ts';
import { JsOps } from '../../../../src/models/sasrec/ops-js.ts';
import type { SasRecOps } from '../../../../src/models/sasrec/sasrec-ops.ts';
import type { PackedBatch } from '../../../../src/models/sasrec/packed-batch.ts';
import { paramLayout, type ParamLayout } from '../../../../src/models/sasrec/param-layout.ts';
import { sasrecConfig, type SasRecConfig } from '../../../../src/models/sasrec/sasrec-config.ts';
import { backward, forward, writeBatch } from '../../../../src/models/sasrec/sasrec-step.ts';
import { arenaLayout, probCount, type ArenaLayout } from '../../../../src/models/sasrec/step-arena.ts';

export const TINY_ITEMS = 7;

/** One negative per position unless told: `tinyBatch()` packs one (the library's default may be more). */
export function tinyConfig(overrides: Partial<SasRecConfig> = {}): SasRecConfig {
  return sasrecConfig({ dim: 8, heads: 2, blocks: 2, maxLen: 5, dropout: 0, batchSize: 4, negatives: 1, ...overrides });
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

/** Three sequences of 5, 2 and 3 items (embedding rows 1..7), with targets and `negatives` negatives per row. */
export function tinyBatch(maxLen = 5, negatives = 1): PackedBatch {
  const lengths = [5, 2, 3];
  const input = Int32Array.of(1, 2, 3, 4, 5, 6, 7, 2, 4, 6);
  const positive = Int32Array.of(2, 3, 4, 5, 6, 7, 1, 4, 6, 1);
  const first = [7, 7, 1, 1, 2, 3, 2, 5, 5, 3];
  // Further negatives: other items, deterministic (a row may repeat an item: the sampler may too).
  const negative = Int32Array.from({ length: 10 * negatives }, (_, e) => (e % negatives === 0 ? first[e / negatives]! : 1 + ((first[Math.floor(e / negatives)]! + 2 * (e % negatives)) % 7)));
  const seqStart = Int32Array.of(0, 5, 7, 10);
  const position = new Int32Array(10);
  lengths.forEach((n, s) => {
    for (let j = 0; j < n; j++) position[seqStart[s]! + j] = maxLen - n + j;
  });
  return { seqs: 3, rows: 10, seqStart, input, position, positive, negative, negatives };
}

export interface OpsRun {
  ops: SasRecOps;
  F: Float32Array;
  at: ArenaLayout;
  layout: ParamLayout;
  /** Element offset of the weights in F. */
  w: number;
}

/** Lays out `weights` at element `base` of the views, then the arena (with `batch` written). Returns the elements used. */
export function placeRun(ops: SasRecOps, F: Float32Array, I: Int32Array, config: SasRecConfig, numItems: number, weights: Float32Array, batch: PackedBatch, base = 0): OpsRun & { end: number } {
  const layout = paramLayout(config, numItems);
  const capacity = { rows: batch.rows, seqs: batch.seqs, probs: probCount(batch.seqStart, config.heads) };
  const at = arenaLayout(base + layout.size, capacity, config, layout.size);
  F.set(weights, base);
  writeBatch(I, at, batch, config);
  return { ops, F, at, layout, w: base, end: at.end };
}

/** A JS memory holding `weights` and an arena for `batch` (written). */
export function jsRun(config: SasRecConfig, numItems: number, weights: Float32Array, batch: PackedBatch): OpsRun {
  const layout = paramLayout(config, numItems);
  const capacity = { rows: batch.rows, seqs: batch.seqs, probs: probCount(batch.seqStart, config.heads) };
  const buffer = new ArrayBuffer(arenaLayout(layout.size, capacity, config, layout.size).end * 4);
  const F = new Float32Array(buffer);
  const I = new Int32Array(buffer);
  return placeRun(new JsOps(F, I), F, I, config, numItems, weights, batch);
}

/** The packed path's mean loss, final representations and flat gradient for `batch` (dropout from `seed`, −1: none). */
export function packedGradients(run: OpsRun, config: SasRecConfig, batch: PackedBatch, seed = -1): { loss: number; grad: Float32Array; h: Float32Array } {
  const { ops, F, at, layout, w } = run;
  forward(ops, at, w, layout, config, batch, seed);
  const h = F.slice(at.hF, at.hF + batch.rows * config.dim);
  ops.zero(at.grad, layout.size);
  const sum = ops.bceLoss(at.hF, w + layout.item, at.positive, at.negative, config.negatives, at.gA, at.grad + layout.item, batch.rows, config.dim);
  backward(ops, at, w, layout, config, batch, seed);
  return { loss: sum / batch.rows, grad: F.slice(at.grad, at.grad + layout.size), h };
}

/** Largest |a − b| relative to the largest |b| (at least `floor`), per named parameter. */
export function worstRelativeError(a: Float32Array, b: Float32Array, layout: ParamLayout, floor = 1e-3): { name: string; error: number } {
  let worst = { name: '', error: 0 };
  for (const slot of layout.slots) {
    let scale = floor;
    let diff = 0;
    for (let k = slot.offset; k < slot.offset + slot.size; k++) {
      scale = Math.max(scale, Math.abs(b[k]!));
      diff = Math.max(diff, Math.abs(a[k]! - b[k]!));
    }
    if (diff / scale > worst.error) worst = { name: slot.name, error: diff / scale };
  }
  return worst;
}
