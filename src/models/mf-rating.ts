/**
 * Biased MF for rating prediction (Koren): r̂_ui = μ + b_u + b_i + p_u·q_i, trained with the
 * squared error + L2 (gradients: mf-losses.ts), lazy Adam on the touched rows.
 *
 * The biases ride along in the factor tables as extra columns: a user row is [p_u, b_u, 1] and an
 * item row is [q_i, 1, b_i], so one dot product gives p·q + b_u + b_i and scoring needs no extra
 * code. The "1" columns are masked out of the gradient, so they never move.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows } from './backend.ts';
import { RowDeduper } from './batch-rows.ts';
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
import { squaredErrorGradients } from './mf-losses.ts';
import { Random } from './random.ts';
import type { RatingRows } from './rating-rows.ts';

export class RatingMf extends MatrixFactorization {
  readonly kind = 'mf-rating' as const;
  private readonly userRows: RowDeduper;
  private readonly itemRows: RowDeduper;
  private readonly userMask: Float32Array;
  private readonly itemMask: Float32Array;

  private constructor(
    config: MfConfig,
    numUsers: number,
    numItems: number,
    users: FactorTable,
    items: FactorTable,
    globalMean: number,
    state: { step: number; epoch: number; rngState: number },
  ) {
    super(config, numUsers, numItems, users, items, globalMean, state);
    this.userRows = new RowDeduper(numUsers);
    this.itemRows = new RowDeduper(numItems);
    const d = config.dim;
    // Column d+1 of a user row and column d of an item row hold the constant 1.
    this.userMask = Float32Array.from({ length: d + 2 }, (_, c) => (c === d + 1 ? 0 : 1));
    this.itemMask = Float32Array.from({ length: d + 2 }, (_, c) => (c === d ? 0 : 1));
  }

  /** `globalMean`: the mean training rating (see `meanRating`). */
  static create(numUsers: number, numItems: number, globalMean: number, overrides: Partial<MfConfig> = {}): RatingMf {
    const config = mfConfig(overrides);
    const d = config.dim;
    const init = new Random(config.seed);
    // Biases start at 0, factors small and random.
    const users = FactorTable.random(numUsers, d + 2, init, config.initStd, { [d]: 0, [d + 1]: 1 });
    const items = FactorTable.random(numItems, d + 2, init, config.initStd, { [d]: 1, [d + 1]: 0 });
    return new RatingMf(config, numUsers, numItems, users, items, globalMean, {
      step: 0,
      epoch: 0,
      rngState: config.seed ^ 0x5bd1e995,
    });
  }

  static fromCheckpoint(value: unknown): RatingMf {
    const c: MfCheckpoint = checkCheckpoint(value, 'mf-rating');
    return new RatingMf(c.config, c.numUsers, c.numItems, FactorTable.fromData(c.users), FactorTable.fromData(c.items), c.globalMean, c);
  }

  /** The generator epochs should shuffle with (part of the checkpointed state). */
  get random(): Random {
    return this.rng;
  }

  /** One pass over the given rows (shuffle them first: `shuffledRatings`). */
  async trainEpoch(rows: RatingRows, options: EpochOptions = {}): Promise<EpochStats> {
    const n = rows.user.length;
    const size = this.config.batchSize;
    return this.runEpoch(n, Math.ceil(n / size), (b) => {
      const end = Math.min(n, (b + 1) * size);
      return this.step(rows.user.subarray(b * size, end), rows.item.subarray(b * size, end), rows.rating.subarray(b * size, end));
    }, options);
  }

  private step(user: Int32Array, item: Int32Array, rating: Float32Array): StepFn {
    const u = this.userRows.dedupe(user);
    const it = this.itemRows.dedupe(item);
    const width = this.config.dim + 2;
    return (t) => {
      const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
      const p = gatherRows(this.users.weights(), column(user));
      const q = gatherRows(this.items.weights(), column(item));
      const { loss, dP, dQ } = squaredErrorGradients(
        p,
        q,
        tf.tensor1d(rating, 'float32'),
        this.globalMean,
        this.config.l2,
        tf.tensor1d(this.userMask),
        tf.tensor1d(this.itemMask),
      );
      const userGrad = tf.scatterND(column(u.local[0]!), dP, [u.unique.length, width]) as tf.Tensor2D;
      const itemGrad = tf.scatterND(column(it.local[0]!), dQ, [it.unique.length, width]) as tf.Tensor2D;
      return {
        users: this.users.next(column(u.unique), userGrad, this.config, t),
        items: this.items.next(column(it.unique), itemGrad, this.config, t),
        loss,
      };
    };
  }
}
