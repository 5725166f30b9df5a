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
  private readonly userRows: RowDeduper;
  private readonly itemRows: RowDeduper;

  private constructor(config: MfConfig, numUsers: number, numItems: number, users: FactorTable, items: FactorTable, state: { step: number; epoch: number; rngState: number }) {
    super(config, numUsers, numItems, users, items, 0, state);
    this.userRows = new RowDeduper(numUsers);
    this.itemRows = new RowDeduper(numItems);
  }

  static create(numUsers: number, numItems: number, overrides: Partial<MfConfig> = {}): BprMf {
    const config = mfConfig(overrides);
    const init = new Random(config.seed);
    const users = FactorTable.random(numUsers, config.dim, init, config.initStd);
    const items = FactorTable.random(numItems, config.dim, init, config.initStd);
    // Sampling draws from its own stream, so changing the sampler never changes the initialisation.
    return new BprMf(config, numUsers, numItems, users, items, { step: 0, epoch: 0, rngState: config.seed ^ 0x5bd1e995 });
  }

  static fromCheckpoint(value: unknown): BprMf {
    const c: MfCheckpoint = checkCheckpoint(value, 'mf-bpr');
    return new BprMf(c.config, c.numUsers, c.numItems, FactorTable.fromData(c.users), FactorTable.fromData(c.items), c);
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
    const u = this.userRows.dedupe(user);
    const it = this.itemRows.dedupe(pos, neg);
    const { l2, dim } = this.config;
    return (t) => {
      const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
      const p = gatherRows(this.users.weights(), column(user));
      const qi = gatherRows(this.items.weights(), column(pos));
      const qj = gatherRows(this.items.weights(), column(neg));

      const { loss, dP, dPositive, dNegative } = bprGradients(p, qi, qj, l2);
      const dQ = tf.concat([dPositive, dNegative], 0) as tf.Tensor2D;

      // Sum per-sample gradients into one row per touched user / item (scatterND adds duplicates).
      const userGrad = tf.scatterND(column(u.local[0]!), dP, [u.unique.length, dim]) as tf.Tensor2D;
      const itemLocal = tf.concat([column(it.local[0]!), column(it.local[1]!)], 0);
      const itemGrad = tf.scatterND(itemLocal, dQ, [it.unique.length, dim]) as tf.Tensor2D;
      return {
        users: this.users.next(column(u.unique), userGrad, this.config, t),
        items: this.items.next(column(it.unique), itemGrad, this.config, t),
        loss,
      };
    };
  }
}
