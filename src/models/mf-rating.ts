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
import { MODEL_DEFAULTS, mfConfig, type MfConfig } from './mf-config.ts';
import { squaredErrorGradients } from './mf-losses.ts';
import { Random } from './random.ts';
import type { RatingRows } from './rating-rows.ts';

export class RatingMf extends MatrixFactorization {
  readonly kind = 'mf-rating' as const;
  private readonly rows: RowDeduper;
  /** Per-column gradient mask of a user row and of an item row (0 on the constant "1" column). */
  private readonly userMask: Float32Array;
  private readonly itemMask: Float32Array;

  private constructor(
    config: MfConfig,
    numUsers: number,
    numItems: number,
    table: FactorTable,
    globalMean: number,
    state: { step: number; epoch: number; rngState: number },
  ) {
    super(config, numUsers, numItems, table, globalMean, state);
    this.rows = new RowDeduper(numUsers + numItems);
    const d = config.dim;
    this.userMask = Float32Array.from({ length: d + 2 }, (_, c) => (c === d + 1 ? 0 : 1));
    this.itemMask = Float32Array.from({ length: d + 2 }, (_, c) => (c === d ? 0 : 1));
  }

  /** `globalMean`: the mean training rating (see `meanRating`). */
  static create(numUsers: number, numItems: number, globalMean: number, overrides: Partial<MfConfig> = {}): RatingMf {
    const config = mfConfig(overrides, MODEL_DEFAULTS['mf-rating']);
    const d = config.dim;
    // User rows [p, b_u = 0, 1], item rows [q, 1, b_i = 0].
    const table = FactorTable.random(numUsers + numItems, d + 2, new Random(config.seed), config.initStd, (row) =>
      row < numUsers ? { [d]: 0, [d + 1]: 1 } : { [d]: 1, [d + 1]: 0 },
    );
    return new RatingMf(config, numUsers, numItems, table, globalMean, { step: 0, epoch: 0, rngState: config.seed ^ 0x5bd1e995 });
  }

  static fromCheckpoint(value: unknown): RatingMf {
    const c: MfCheckpoint = checkCheckpoint(value, 'mf-rating');
    return new RatingMf(c.config, c.numUsers, c.numItems, FactorTable.fromData(c.table), c.globalMean, c);
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
    const itemRows = this.itemRows(item);
    const { unique, local } = this.rows.dedupe(user, itemRows);
    const slots = new Int32Array(2 * user.length);
    slots.set(local[0]!, 0);
    slots.set(local[1]!, user.length);
    return (t) => {
      const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
      const w = this.table.weights();
      const p = gatherRows(w, column(user));
      const q = gatherRows(w, column(itemRows));
      const { loss, dP, dQ } = squaredErrorGradients(
        p,
        q,
        tf.tensor1d(rating, 'float32'),
        this.globalMean,
        this.config.l2,
        tf.tensor1d(this.userMask),
        tf.tensor1d(this.itemMask),
      );
      this.table.update(unique, slots, tf.concat([dP, dQ], 0) as tf.Tensor2D, this.config, t);
      return loss;
    };
  }
}
