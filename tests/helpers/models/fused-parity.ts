/**
 * Test helpers shared by the Node (Dawn) and Chromium tests of the fused WebGPU step: the same
 * batches through the fused step (on TF.js WebGPU tensors) and through the JS reference step (on
 * plain copies) from identical tables, and how far they drifted apart. The TF.js backend must be
 * WebGPU with the fused kernels on.
 */
import { BprStepJs, type BprStepBatch } from '../../../src/models/bpr-step.ts';
import { FactorTable, type FactorTableData } from '../../../src/models/factor-table.ts';
import type { AdamArrays } from '../../../src/models/lazy-adam.ts';
import { Random } from '../../../src/random.ts';
import { normwise, PARITY_CONFIG } from './bpr-step-parity.ts';
import { RATING_ADAM, type RatingStepRunner } from './rating-step-parity.ts';
import { FusedGpuSteps } from '../../../src/models/webgpu/fused-steps.ts';

export interface FusedParity {
  /** Worst normwise relative difference, max |gpu − js| / max |js|, per array over the steps. */
  relative: { weights: number; m: number; v: number; loss: number };
  /** Values of rows no batch touched that are not bit-identical to the start (must be 0). */
  untouchedChanged: number;
  steps: number;
}

/** BPR batches as steps t = 1, 2, …; each step starts both paths from the same tables. */
export async function runFusedBprParity(users: number, items: number, dim: number, batches: BprStepBatch[]): Promise<FusedParity> {
  const rows = users + items;
  const table = FactorTable.random(rows, dim, new Random(11), 0.1);
  const fused = new FusedGpuSteps();
  const js = new BprStepJs(rows);
  const worst = { weights: 0, m: 0, v: 0, loss: 0 };
  let untouchedChanged = 0;
  try {
    for (const [s, batch] of batches.entries()) {
      const start = await table.toData();
      const reference: AdamArrays = { weights: start.weights.slice(), m: start.m.slice(), v: start.v.slice() };
      fused.resetLoss();
      const outcome = fused.bpr(table, batch, PARITY_CONFIG, s + 1);
      if (outcome) throw new Error(`the fused step did not run: ${outcome.unavailable}`);
      const gpuLoss = await fused.readLoss();
      const jsLoss = js.run(reference, dim, batch, PARITY_CONFIG, s + 1);
      const out = await table.toData();
      worst.weights = Math.max(worst.weights, normwise(out.weights, reference.weights));
      worst.m = Math.max(worst.m, normwise(out.m, reference.m));
      worst.v = Math.max(worst.v, normwise(out.v, reference.v));
      worst.loss = Math.max(worst.loss, Math.abs(gpuLoss - jsLoss) / Math.abs(jsLoss));
      const touched = new Set([...batch.user, ...Array.from(batch.positive, (i) => i + batch.itemOffset), ...Array.from(batch.negative, (i) => i + batch.itemOffset)]);
      untouchedChanged += changedOutside(start, out, touched, dim);
    }
    return { relative: worst, untouchedChanged, steps: batches.length };
  } finally {
    table.dispose();
    fused.dispose();
  }
}

/** Values of rows outside `touched` that differ (bitwise) between `before` and `after`. */
export function changedOutside(before: FactorTableData, after: FactorTableData, touched: ReadonlySet<number>, width: number): number {
  let changed = 0;
  for (let row = 0; row < before.rows; row++) {
    if (touched.has(row)) continue;
    for (let k = row * width; k < (row + 1) * width; k++) {
      for (const part of ['weights', 'm', 'v'] as const) if (!Object.is(before[part][k], after[part][k])) changed++;
    }
  }
  return changed;
}

/** The fused rating step as a runner for runRatingParity (rating-step-parity.ts). */
export function fusedRatingStep(fused: FusedGpuSteps): RatingStepRunner {
  return async (start, model, batch, t) => {
    const table = FactorTable.fromData(start);
    try {
      fused.resetLoss();
      const outcome = fused.rating(table, batch, model.terms, RATING_ADAM, t);
      if (outcome) throw new Error(`the fused step did not run: ${outcome.unavailable}`);
      const loss = await fused.readLoss();
      return { out: await table.toData(), loss, onTensors: true };
    } finally {
      table.dispose();
    }
  };
}
