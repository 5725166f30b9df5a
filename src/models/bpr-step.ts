/**
 * One BPR-MF training step on plain arrays, in place: the batch's gradients summed per touched
 * row (`bprGradientsInto`), then lazy Adam on those rows (`lazyAdamInPlace`). This JavaScript
 * version is the REFERENCE: the WebAssembly SIMD kernel (kernels/bpr-step-kernel.ts) takes the
 * same batch and must agree with it (a parity test checks), and it is the path wherever the kernel
 * cannot run (CPU backend, no SIMD, a dimension that is not a multiple of 4).
 */
import { RecError } from '../errors.ts';
import { RowDeduper } from './batch-rows.ts';
import type { AdamConfig } from './adam-config.ts';
import { lazyAdamInPlace, type AdamArrays } from './lazy-adam.ts';
import { bprGradientsInto } from './mf-losses.ts';

/** One batch of triples: user indices, and positive/negative ITEM indices (table row = itemOffset + item). */
export interface BprStepBatch {
  user: Int32Array;
  positive: Int32Array;
  negative: Int32Array;
  /** Table row of item 0 (= number of users: items follow the users in one table). */
  itemOffset: number;
}

export interface BprStepConfig extends AdamConfig {
  l2: number;
}

/**
 * Throws UNKNOWN_USER/UNKNOWN_ITEM for an index outside a `rows`-row table. Both paths check
 * first: the JS loops would silently read `undefined` (NaN weights), and the kernel has no bounds
 * checks, so a stray row would overwrite TF.js's heap.
 */
export function checkBprBatch(batch: BprStepBatch, rows: number): void {
  const { user, positive, negative, itemOffset } = batch;
  const items = rows - itemOffset;
  if (positive.length !== user.length || negative.length !== user.length) {
    throw new RecError(
      'CONFIG_INVALID',
      `A BPR batch needs equal-length user, positive and negative arrays, got ${user.length}, ${positive.length}, ${negative.length}.`,
    );
  }
  for (let k = 0; k < user.length; k++) {
    const u = user[k]!;
    if (!(u >= 0 && u < itemOffset)) {
      throw new RecError('UNKNOWN_USER', `Triple ${k} names user index ${u}; the model has users 0..${itemOffset - 1}.`);
    }
    const i = positive[k]!;
    const j = negative[k]!;
    if (!(i >= 0 && i < items && j >= 0 && j < items)) {
      throw new RecError('UNKNOWN_ITEM', `Triple ${k} names item index ${i >= 0 && i < items ? j : i}; the model has items 0..${items - 1}.`);
    }
  }
}

/** The JS step, with its reusable scratch (row slots and summed gradients). */
export class BprStepJs {
  private readonly deduper: RowDeduper;
  private grad = new Float32Array(0);
  private positiveRows = new Int32Array(0);
  private negativeRows = new Int32Array(0);

  constructor(private readonly tableRows: number) {
    this.deduper = new RowDeduper(tableRows);
  }

  /** The step on `state` ([tableRows, dim] row-major views), in place; returns the batch's summed data loss. */
  run(state: AdamArrays, dim: number, batch: BprStepBatch, config: BprStepConfig, t: number): number {
    checkBprBatch(batch, this.tableRows);
    const n = batch.user.length;
    if (this.positiveRows.length < n) {
      this.positiveRows = new Int32Array(n);
      this.negativeRows = new Int32Array(n);
    }
    const positive = this.positiveRows.subarray(0, n);
    const negative = this.negativeRows.subarray(0, n);
    for (let k = 0; k < n; k++) {
      positive[k] = batch.positive[k]! + batch.itemOffset;
      negative[k] = batch.negative[k]! + batch.itemOffset;
    }
    const { unique, local } = this.deduper.dedupe(batch.user, positive, negative);
    if (this.grad.length < unique.length * dim) this.grad = new Float32Array(3 * n * dim);
    const grad = this.grad.subarray(0, unique.length * dim);
    grad.fill(0);
    const rows = { user: batch.user, positive, negative, userSlot: local[0]!, positiveSlot: local[1]!, negativeSlot: local[2]! };
    const loss = bprGradientsInto(state.weights, dim, rows, config.l2, grad);
    lazyAdamInPlace(state, dim, unique, grad, config, t);
    return loss;
  }
}
