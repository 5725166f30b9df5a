/**
 * What BPR-MF and biased MF share: a user table and an item table (each with lazy-Adam state),
 * the batched epoch loop, scoring, snapshots for early stopping and checkpoints.
 *
 * The epoch loop issues every batch's ops without reading anything back: the loss of each step
 * stays on the device and is summed once at the end of the epoch (one `data()` per epoch, or
 * every `reportEvery` batches when progress with a loss is wanted). No `optimizer.minimize`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError, throwIfAborted } from '../errors.ts';
import { checkIndexRange, checkScorePairs, readTensor, rowsAt } from './embedding-scores.ts';
import { FactorTable, type FactorTableData } from './factor-table.ts';
import type { ItemFeatures } from './item-features.ts';
import type { AdamRows } from './lazy-adam.ts';
import type { MfConfig } from './mf-config.ts';
import { Random } from '../random.ts';
import type { ScoringModel } from './scoring-model.ts';
import type { MfCheckpoint, MfKind } from './mf-checkpoint.ts';
import { FusedGpuSteps } from './webgpu/fused-steps.ts';
import type { DeviceScoring } from './webgpu/gpu-queries.ts';

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  samples: number;
  /** Mean loss so far this epoch; present only on batches where it was read back (`reportEvery`). */
  loss?: number;
}

export interface EpochOptions {
  signal?: AbortSignal;
  onBatch?: (progress: BatchProgress) => void;
  /** Read the loss back (a device sync) every this many batches; 0 = only at the end of the epoch. */
  reportEvery?: number;
}

export interface EpochStats {
  epoch: number;
  /** Mean training data loss per sample (BPR: −ln σ; rating: squared error), without the L2 term. */
  loss: number;
  samples: number;
  batches: number;
  seconds: number;
  samplesPerSecond: number;
}

/**
 * A training step at Adam step t: updates the table and returns the batch's summed loss, or
 * undefined when the step added it to the device's running total itself (the fused WebGPU step).
 */
export type StepFn = (t: number) => tf.Scalar | undefined;

/** Early-stopping snapshot: copies of both states. */
export interface MfSnapshot {
  table: AdamRows;
  step: number;
  epoch: number;
}

export abstract class MatrixFactorization implements ScoringModel {
  abstract readonly kind: MfKind;
  protected stepCount: number;
  protected epochCount: number;
  protected readonly rng: Random;
  /** The fused WebGPU training step (used on the WebGPU backend; webgpu/fused-steps.ts). */
  protected readonly fusedGpu = new FusedGpuSteps();
  private itemCache: tf.Tensor2D | null = null;

  protected constructor(
    readonly config: MfConfig,
    readonly numUsers: number,
    readonly numItems: number,
    protected table: FactorTable,
    protected readonly globalMean: number,
    state: { step: number; epoch: number; rngState: number },
  ) {
    this.stepCount = state.step;
    this.epochCount = state.epoch;
    this.rng = new Random(state.rngState);
  }

  /** Epochs completed so far. */
  get epochsDone(): number {
    return this.epochCount;
  }

  /** Runs `batches` steps; `makeStep(b)` prepares batch b (host-side indices) and returns its step. */
  protected async runEpoch(
    samples: number,
    batches: number,
    makeStep: (batch: number) => StepFn,
    options: EpochOptions,
  ): Promise<EpochStats> {
    const started = performance.now();
    const epoch = this.epochCount + 1;
    const batchSize = Math.ceil(samples / batches);
    // A running sum, one add per step: `tf.addN` over the epoch's losses binds one storage buffer
    // per input on WebGPU and fails past 7 (maxStorageBuffersPerShaderStage is 8), after which the
    // device computes zeros.
    let lossSum: tf.Scalar = tf.scalar(0);
    // Fused WebGPU steps sum their losses on the device instead: one readback per read, not per step.
    this.fusedGpu.resetLoss();
    const readLoss = async (count: number) => ((await lossSum.data())[0]! + (await this.fusedGpu.readLoss())) / count;
    try {
      for (let b = 0; b < batches; b++) {
        throwIfAborted(options.signal, 'Training');
        const step = makeStep(b);
        const t = this.stepCount + 1;
        const loss = tf.tidy(() => step(t));
        // The weights changed (in place or replaced): the cached item slice is stale.
        this.dropCache();
        this.stepCount = t;
        if (loss) {
          const previous = lossSum;
          lossSum = tf.tidy(() => tf.add(previous, loss));
          previous.dispose();
          loss.dispose();
        }
        const every = options.reportEvery ?? 0;
        if (options.onBatch) {
          const progress: BatchProgress = { epoch, batch: b + 1, batches, samples };
          if (every > 0 && (b + 1) % every === 0) progress.loss = await readLoss(Math.min(samples, (b + 1) * batchSize));
          options.onBatch(progress);
        }
      }
      const loss = await readLoss(samples);
      if (!Number.isFinite(loss)) {
        throw new RecError(
          'CONFIG_INVALID',
          `Training diverged in epoch ${epoch} (loss ${loss}); lower the learning rate (lr=${this.config.lr}) or raise l2.`,
        );
      }
      this.epochCount = epoch;
      const seconds = (performance.now() - started) / 1000;
      return { epoch, loss, samples, batches, seconds, samplesPerSecond: samples / seconds };
    } finally {
      lossSum.dispose();
    }
  }

  /**
   * What the GPU query kernels read (webgpu/device-queries.ts): the table (user u is row u), the
   * items' vectors as scoring uses them, and the score offset. Owned by the model: do not dispose.
   */
  scoringTensors(): DeviceScoring {
    return { userRows: this.table.weights(), itemRows: this.itemWeights(), offset: this.offset };
  }

  /** Score offset added to every user·item product (biased MF's global mean). */
  protected get offset(): number {
    return this.globalMean;
  }

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    checkIndexRange(users, this.numUsers, 'user');
    return readTensor(() => {
      const s = tf.matMul(rowsAt(this.table.weights(), users), this.itemWeights(), false, true);
      return this.offset === 0 ? s : tf.add(s, this.offset);
    });
  }

  async scorePairs(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    checkScorePairs(users, items, this.numUsers, this.numItems);
    // From the (composed) item weights, so pairs score exactly as the full ranking does.
    return readTensor(() => tf.add(tf.sum(tf.mul(rowsAt(this.table.weights(), users), rowsAt(this.itemWeights(), items)), 1), this.offset));
  }

  /** The latent factors only (biased MF's bias and constant columns are left out). */
  async userEmbeddings(): Promise<{ dim: number; data: Float32Array }> {
    const dim = this.config.dim;
    return { dim, data: await readTensor(() => tf.slice(this.table.weights(), [0, 0], [this.numUsers, dim])) };
  }

  snapshot(): MfSnapshot {
    return { table: this.table.clone(), step: this.stepCount, epoch: this.epochCount };
  }

  /** Restores a snapshot (and takes ownership of its tensors). */
  restore(snapshot: MfSnapshot): void {
    this.replaceTable(snapshot.table);
    this.stepCount = snapshot.step;
    this.epochCount = snapshot.epoch;
  }

  async toCheckpoint(): Promise<MfCheckpoint> {
    return {
      format: 'l4r-mf',
      version: 1,
      kind: this.kind,
      config: { ...this.config },
      numUsers: this.numUsers,
      numItems: this.numItems,
      step: this.stepCount,
      epoch: this.epochCount,
      rngState: this.rng.seedState,
      table: await this.table.toData(),
      globalMean: this.globalMean,
    };
  }

  dispose(): void {
    this.dropCache();
    this.table.dispose();
    this.fusedGpu.dispose();
  }

  /** Table rows of item indices (items come after the users). */
  protected itemRows(items: Int32Array): Int32Array {
    const out = new Int32Array(items.length);
    for (let k = 0; k < items.length; k++) out[k] = items[k]! + this.numUsers;
    return out;
  }

  /**
   * The items' vectors as scoring uses them, [numItems, width]: their table rows, as composed by
   * `composeItems`. Cached (kept out of any tidy) until the next update.
   */
  protected itemWeights(): tf.Tensor2D {
    if (!this.itemCache) {
      const w = this.table.weights();
      this.itemCache = tf.keep(tf.tidy(() => this.composeItems(tf.slice(w, [this.numUsers, 0], [this.numItems, this.table.width]))));
    }
    return this.itemCache;
  }

  /** Item vectors from the items' own rows; feature-aware MF adds its attribute rows here. Runs inside `tf.tidy`. */
  protected composeItems(rows: tf.Tensor2D): tf.Tensor2D {
    return rows;
  }

  private replaceTable(next: AdamRows): void {
    this.dropCache();
    this.table.replace(next);
  }

  private dropCache(): void {
    this.itemCache?.dispose();
    this.itemCache = null;
  }

  protected checkIndices(indices: Int32Array, count: number, what: 'user' | 'item'): void {
    checkIndexRange(indices, count, what);
  }
}
