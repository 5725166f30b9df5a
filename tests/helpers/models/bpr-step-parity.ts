/**
 * Test helper shared by the Node and browser tests of the SIMD kernel: runs the same batches
 * through the kernel (on the TF.js WASM heap) and through the JS reference step (on plain copies)
 * from identical tables, and reports how far they drifted apart.
 */
import { BprStepJs, type BprStepBatch, type BprStepConfig } from '../../../src/models/bpr-step.ts';
import { FactorTable } from '../../../src/models/factor-table.ts';
import type { BprStepKernel } from '../../../src/models/kernels/bpr-step-kernel.ts';
import type { AdamArrays } from '../../../src/models/lazy-adam.ts';
import { Random } from '../../../src/random.ts';

export const PARITY_CONFIG: BprStepConfig = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 1e-3 };

/**
 * Batches over `users` users and `items` items, drawn from a seeded generator, with what makes
 * per-row sums matter: repeated users and items, and triples whose positive equals the negative.
 */
export function parityBatches(users: number, items: number, count: number, size: number, seed: number): BprStepBatch[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const user = Int32Array.from({ length: size }, () => rng.int(users));
    const positive = Int32Array.from({ length: size }, () => rng.int(items));
    const negative = Int32Array.from({ length: size }, (_, k) => (k % 7 === 3 ? positive[k]! : rng.int(items)));
    return { user, positive, negative, itemOffset: users };
  });
}

export interface ParityResult {
  /**
   * Worst normwise relative difference over the steps, max |kernel − js| / max |js|, per array;
   * each step starts both paths from the same tables, so differences do not compound.
   */
  relative: { weights: number; m: number; v: number; loss: number };
  steps: number;
}

/**
 * How far a float32 path may drift from the JS reference at the benchmark and evaluation shapes
 * (dim 64, batch 4096): m, v and the loss to float32 precision; the weights to ~1e-5 of their
 * largest value, since Adam's m/√v is scale-free and turns rounding into a visible step where a
 * row's summed gradient nearly cancels.
 */
export const LARGE_SHAPE_TOLERANCE: ParityResult['relative'] = { weights: 3e-5, m: 1e-5, v: 1e-5, loss: 1e-5 };

/** The parts of `relative` not below `tolerance`, named with both figures ([] when all are within; NaN is never within). */
export function beyondTolerance(relative: ParityResult['relative'], tolerance: ParityResult['relative']): string[] {
  const parts = Object.keys(tolerance) as (keyof ParityResult['relative'])[];
  return parts.filter((part) => !(relative[part] < tolerance[part])).map((part) => `${part}: ${relative[part]} ≥ ${tolerance[part]}`);
}

export function normwise(a: Float32Array, b: Float32Array): number {
  let top = 0;
  let worst = 0;
  for (let k = 0; k < b.length; k++) {
    top = Math.max(top, Math.abs(b[k]!));
    worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
  }
  return top === 0 ? worst : worst / top;
}

/** Runs `batches` as steps t = 1, 2, … through both paths; the TF.js backend must be WASM. */
export async function runParity(kernel: BprStepKernel, users: number, items: number, dim: number, batches: BprStepBatch[]): Promise<ParityResult> {
  const rows = users + items;
  const table = FactorTable.random(rows, dim, new Random(11), 0.1);
  const js = new BprStepJs(rows);
  const worst = { weights: 0, m: 0, v: 0, loss: 0 };
  try {
    for (const [s, batch] of batches.entries()) {
      const start = await table.toData();
      const reference: AdamArrays = { weights: start.weights.slice(), m: start.m.slice(), v: start.v.slice() };
      const ran = { loss: null as number | null };
      table.updateInPlace((state) => {
        ran.loss = kernel.run(state, dim, batch, PARITY_CONFIG, s + 1);
      });
      if (ran.loss === null) throw new Error('the kernel did not run on the TF.js heap');
      const jsLoss = js.run(reference, dim, batch, PARITY_CONFIG, s + 1);
      const out = await table.toData();
      worst.weights = Math.max(worst.weights, normwise(out.weights, reference.weights));
      worst.m = Math.max(worst.m, normwise(out.m, reference.m));
      worst.v = Math.max(worst.v, normwise(out.v, reference.v));
      worst.loss = Math.max(worst.loss, Math.abs(ran.loss - jsLoss) / Math.abs(jsLoss));
    }
    return { relative: worst, steps: batches.length };
  } finally {
    table.dispose();
  }
}
