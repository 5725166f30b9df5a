/**
 * MF with the BPR loss (Rendle et al.): ŷ_ui = p_u·q_i, trained on triples (u, i+, i−) with
 * L = mean −ln σ(ŷ_ui+ − ŷ_ui−) + L2 (gradients: mf-losses.ts). Each batch gathers the rows its
 * samples use, sums per-sample gradients per touched row with `tf.scatterND` (it adds
 * duplicates), and applies lazy Adam to those rows only.
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
import { bprGradients } from './mf-losses.ts';
import { Random } from './random.ts';

export class BprMf extends MatrixFactorization {
  readonly kind = 'mf-bpr' as const;
  private readonly rows: RowDeduper;

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
    const slots = new Int32Array(3 * user.length);
    local.forEach((l, k) => slots.set(l, k * user.length));
    const { l2, dim } = this.config;
    return (t) => {
      const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
      const w = this.table.weights();
      const p = gatherRows(w, column(user));
      const qi = gatherRows(w, column(posRows));
      const qj = gatherRows(w, column(negRows));
      const { loss, dP, dPositive, dNegative } = bprGradients(p, qi, qj, l2);
      // Sum per-sample gradients into one row per touched user / item (scatterND adds duplicates).
      const grad = tf.scatterND(column(slots), tf.concat([dP, dPositive, dNegative], 0), [unique.length, dim]) as tf.Tensor2D;
      return { table: this.table.next(column(unique), grad, this.config, t), loss };
    };
  }
}
