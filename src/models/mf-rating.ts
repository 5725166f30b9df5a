/**
 * Biased MF for rating prediction (Koren): r̂_ui = μ + b_u + b_i + p_u·q_i, trained with the
 * squared error + L2, lazy Adam on the touched rows: in place on WASM/CPU, fused WGSL kernels on
 * the tensors' own buffers on WebGPU (webgpu/gpu-train-step.ts), tensor ops on WebGL
 * (rating-step.ts; the gradients: feature-gradients.ts).
 *
 * The biases ride along in the factor tables as extra columns: a user row is [p_u, b_u, 1] and an
 * item row is [q_i, 1, b_i], so one dot product gives p·q + b_u + b_i and scoring needs no extra
 * code. The "1" columns are masked out of the gradient, so they never move.
 *
 * Feature-aware (SVDFeature style) when given item features (item-features.ts): an item's
 * vector is q̃_i + the mean of its attribute rows ã_j = [a_j, 0, c_j] (genre, director, star),
 * so its bias is b_i + mean c_j and an item with few ratings borrows from items that share its
 * attributes. The attribute rows sit in the same table after the items (lazy Adam, snapshots and
 * checkpoints cover them); they start at zero, so training starts from plain biased MF.
 * Without features every number is what plain biased MF computes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../errors.ts';
import { gatherRows } from './gather-rows.ts';
import { RowDeduper } from './batch-rows.ts';
import { FactorTable } from './factor-table.ts';
import { MatrixFactorization, type EpochOptions, type EpochStats, type StepFn } from './matrix-factorization.ts';
import { checkCheckpoint, type MfCheckpoint } from './mf-checkpoint.ts';
import { composeRows, type RatingTerms } from './feature-gradients.ts';
import { attributeEntries, checkItemFeatures, itemsPerFeature, noFeatures, type HostEntries, type ItemFeatures } from './item-features.ts';
import { MODEL_DEFAULTS, mfConfig, type MfConfig } from './mf-config.ts';
import { Random } from '../random.ts';
import type { RatingRows } from './rating-rows.ts';
import { ratingBatch, RatingStepJs, ratingStepTensors, type RatingBatch } from './rating-step.ts';
import type { StepInfo } from './step-info.ts';
import { stepInPlace } from './in-place-step.ts';
import { ratingStepKernel } from './kernels/rating-step-kernel.ts';

export class RatingMf extends MatrixFactorization {
  readonly kind = 'mf-rating' as const;
  private readonly rows: RowDeduper;
  /** μ, λ and the per-column gradient masks of user and item rows (0 on the constant "1" column). */
  private readonly terms: RatingTerms;
  private readonly jsStep = new RatingStepJs();
  private stepInfo: StepInfo | null = null;
  /** Every item's attribute entries, for composing the whole catalogue (scoring). */
  private readonly catalogue: HostEntries;
  private readonly perFeature: Int32Array;

  private constructor(
    config: MfConfig,
    numUsers: number,
    numItems: number,
    table: FactorTable,
    globalMean: number,
    state: { step: number; epoch: number; rngState: number },
    readonly features: ItemFeatures,
  ) {
    super(config, numUsers, numItems, table, globalMean, state);
    this.rows = new RowDeduper(table.rows);
    const d = config.dim;
    this.terms = {
      globalMean,
      l2: config.l2,
      maskP: Float32Array.from({ length: d + 2 }, (_, c) => (c === d + 1 ? 0 : 1)),
      maskQ: Float32Array.from({ length: d + 2 }, (_, c) => (c === d ? 0 : 1)),
    };
    this.perFeature = itemsPerFeature(features);
    this.catalogue = attributeEntries(features, Int32Array.from({ length: numItems }, (_, i) => i), this.perFeature);
  }

  /**
   * `globalMean`: the mean training rating (see `meanRating`). `features` (itemFeatures(items,
   * mode)) make the model feature-aware; without them it is plain biased MF.
   */
  static create(numUsers: number, numItems: number, globalMean: number, overrides: Partial<MfConfig> = {}, features: ItemFeatures = noFeatures(numItems)): RatingMf {
    checkItemFeatures(features, numItems, 'CONFIG_INVALID');
    const config = mfConfig(overrides, MODEL_DEFAULTS['mf-rating']);
    const d = config.dim;
    const items = numUsers + numItems;
    // User rows [p, b_u = 0, 1], item rows [q, 1, b_i = 0], attribute rows [a = 0, 0, c = 0]
    // (pinned, so they draw nothing from the generator and the users' and items' draws are unchanged).
    const zero = Object.fromEntries(Array.from({ length: d + 2 }, (_, c) => [c, 0]));
    const table = FactorTable.random(items + features.vocabulary.length, d + 2, new Random(config.seed), config.initStd, (row) =>
      row < numUsers ? { [d]: 0, [d + 1]: 1 } : row < items ? { [d]: 1, [d + 1]: 0 } : zero,
    );
    return new RatingMf(config, numUsers, numItems, table, globalMean, { step: 0, epoch: 0, rngState: config.seed ^ 0x5bd1e995 }, features);
  }

  static fromCheckpoint(value: unknown): RatingMf {
    const c: MfCheckpoint = checkCheckpoint(value, 'mf-rating');
    const features = c.itemFeatures === undefined ? noFeatures(c.numItems) : checkItemFeatures(c.itemFeatures, c.numItems, 'CHECKPOINT_INVALID');
    const rows = c.numUsers + c.numItems + features.vocabulary.length;
    if (c.table.rows !== rows) {
      throw new RecError(
        'CHECKPOINT_INVALID',
        `The rating model's table has ${c.table.rows} rows, not ${rows} (users + items + attributes); train the rating model again.`,
      );
    }
    return new RatingMf(c.config, c.numUsers, c.numItems, FactorTable.fromData(c.table), c.globalMean, c, features);
  }

  override async toCheckpoint(): Promise<MfCheckpoint> {
    const c = await super.toCheckpoint();
    // Plain biased MF keeps the checkpoint it always had.
    if (this.features.mode !== 'none') {
      const f = this.features;
      c.itemFeatures = { mode: f.mode, vocabulary: [...f.vocabulary], offsets: f.offsets.slice(), values: f.values.slice() };
    }
    return c;
  }

  /** How the last training step ran (null before the first): rating-step.ts. */
  get lastStep(): StepInfo | null {
    return this.stepInfo;
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

  /** Table rows of attribute (feature) ids: they come after the users and items. */
  private attributeRows(features: Int32Array): Int32Array {
    const first = this.numUsers + this.numItems;
    // A loop, not Int32Array.from with a callback: this runs every step and was ~15 ms per epoch.
    const rows = new Int32Array(features.length);
    for (let k = 0; k < features.length; k++) rows[k] = features[k]! + first;
    return rows;
  }

  protected override composeItems(rows: tf.Tensor2D): tf.Tensor2D {
    const e = this.catalogue;
    if (e.sample.length === 0) return rows;
    const attributes = gatherRows(this.table.weights(), column(this.attributeRows(e.feature)));
    return composeRows(rows, attributes, { sample: column(e.sample), weight: tf.tensor2d(e.weight, [e.weight.length, 1]) });
  }

  private step(user: Int32Array, item: Int32Array, rating: Float32Array): StepFn {
    this.checkIndices(user, this.numUsers, 'user');
    this.checkIndices(item, this.numItems, 'item');
    const entries = attributeEntries(this.features, item, this.perFeature);
    const batch = ratingBatch(this.rows, user, this.itemRows(item), rating, entries, this.attributeRows(entries.feature));
    return (t) => {
      const loss = this.stepInPlace(batch, t);
      if (loss !== null) return tf.scalar(loss);
      const fused = this.fusedGpu.rating(this.table, batch, this.terms, this.config, t);
      this.stepInfo = fused === null ? { path: 'webgpu-fused' } : { path: 'tensor-ops', kernelUnavailable: fused.unavailable };
      return fused === null ? undefined : ratingStepTensors(this.table, batch, this.terms, this.config, t);
    };
  }

  /**
   * The step on the table's own memory (WASM, CPU): the SIMD kernel where it loads, else the JS
   * step; null where the memory is not addressable (GPU backends). Same math (rating-step.ts).
   */
  private stepInPlace(batch: RatingBatch, t: number): number | null {
    const kernel = ratingStepKernel();
    const width = this.table.width;
    const { loss, info } = stepInPlace(
      this.table,
      'unavailable' in kernel ? kernel : (state) => kernel.run(state, width, batch, this.terms, this.config, t),
      (state) => this.jsStep.run(state, width, batch, this.terms, this.config, t),
    );
    this.stepInfo = info;
    return loss;
  }
}

function column(values: Int32Array): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, 1], 'int32');
}
