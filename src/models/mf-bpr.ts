/**
 * MF with the BPR loss (Rendle et al.): ŷ_ui = p_u·q_i, trained on triples (u, i+, i−) with
 * L = mean −ln σ(ŷ_ui+ − ŷ_ui−) + L2 (gradients: mf-losses.ts), lazy Adam on the touched rows only.
 * Two paths, same math: on WASM and CPU one fused pass over the table's own memory
 * (`bprGradientsInto` + `lazyAdamInPlace`, through `FactorTable.updateInPlace`); on WebGPU/WebGL
 * tensor ops (gather the rows, closed-form gradients, `FactorTable.update` sums them per row).
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows } from './backend.ts';
import { RowDeduper } from './batch-rows.ts';
import type { Triples } from './bpr-sampler.ts';
import { FactorTable } from './factor-table.ts';
import {
  checkCheckpoint,
  MatrixFactorization,
  type EpochOptions,
  type EpochStats,
  type MfCheckpoint,
  type StepFn,
} from './matrix-factorization.ts';
import { mfConfig, type MfConfig } from './mf-config.ts';
import { lazyAdamInPlace } from './lazy-adam.ts';
import { bprGradients, bprGradientsInto, type BprBatchRows } from './mf-losses.ts';
import { Random } from './random.ts';

export class BprMf extends MatrixFactorization {
  readonly kind = 'mf-bpr' as const;
  private readonly rows: RowDeduper;
  /** Summed gradients of the touched rows, reused across steps (in-place path). */
  private gradScratch = new Float32Array(0);

  private constructor(config: MfConfig, numUsers: number, numItems: number, table: FactorTable, state: { step: number; epoch: number; rngState: number }) {
    super(config, numUsers, numItems, table, 0, state);
    this.rows = new RowDeduper(numUsers + numItems);
  }

  static create(numUsers: number, numItems: number, overrides: Partial<MfConfig> = {}): BprMf {
    const config = mfConfig(overrides);
    const table = FactorTable.random(numUsers + numItems, config.dim, new Random(config.seed), config.initStd);
    // Sampling draws from its own stream, so changing the sampler never changes the initialisation.
    return new BprMf(config, numUsers, numItems, table, { step: 0, epoch: 0, rngState: config.seed ^ 0x5bd1e995 });
  }

  static fromCheckpoint(value: unknown): BprMf {
    const c: MfCheckpoint = checkCheckpoint(value, 'mf-bpr');
    return new BprMf(c.config, c.numUsers, c.numItems, FactorTable.fromData(c.table), c);
  }

  /** The generator epochs should sample negatives with (part of the checkpointed state). */
  get random(): Random {
    return this.rng;
  }

  /** One pass over the given triples in batches of `config.batchSize`. */
  async trainEpoch(triples: Triples, options: EpochOptions = {}): Promise<EpochStats> {
    const n = triples.user.length;
    const size = this.config.batchSize;
    const batches = Math.ceil(n / size);
    return this.runEpoch(n, batches, (b) => {
      const end = Math.min(n, (b + 1) * size);
      return this.step(triples.user.subarray(b * size, end), triples.positive.subarray(b * size, end), triples.negative.subarray(b * size, end));
    }, options);
  }

  private step(user: Int32Array, pos: Int32Array, neg: Int32Array): StepFn {
    const posRows = this.itemRows(pos);
    const negRows = this.itemRows(neg);
    // One list of touched rows (users and items share the table), and each sample row's slot in it.
    const { unique, local } = this.rows.dedupe(user, posRows, negRows);
    const { l2 } = this.config;
    return (t) => {
      const loss = this.stepInPlace({ user, positive: posRows, negative: negRows, userSlot: local[0]!, positiveSlot: local[1]!, negativeSlot: local[2]! }, unique, t);
      if (loss !== null) return tf.scalar(loss);
      const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
      const w = this.table.weights();
      const p = gatherRows(w, column(user));
      const qi = gatherRows(w, column(posRows));
      const qj = gatherRows(w, column(negRows));
      const grads = bprGradients(p, qi, qj, l2);
      const slots = new Int32Array(3 * user.length);
      local.forEach((l, k) => slots.set(l, k * user.length));
      // Per-sample gradient rows in the order of `slots`; the table sums them per touched row.
      this.table.update(unique, slots, tf.concat([grads.dP, grads.dPositive, grads.dNegative], 0) as tf.Tensor2D, this.config, t);
      return grads.loss;
    };
  }

  /** The whole step on the table's own memory (WASM, CPU); null where the backend cannot. Same math. */
  private stepInPlace(rows: BprBatchRows, unique: Int32Array, t: number): number | null {
    const dim = this.config.dim;
    if (this.gradScratch.length < unique.length * dim) this.gradScratch = new Float32Array(this.table.rows * dim);
    const grad = this.gradScratch.subarray(0, unique.length * dim);
    let loss = 0;
    const done = this.table.updateInPlace((state) => {
      grad.fill(0);
      loss = bprGradientsInto(state.weights, dim, rows, this.config.l2, grad);
      lazyAdamInPlace(state, dim, unique, grad, this.config, t);
    });
    return done ? loss : null;
  }
}
