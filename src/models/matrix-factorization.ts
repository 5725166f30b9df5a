/**
 * What BPR-MF and biased MF share: a user table and an item table (each with lazy-Adam state),
 * the batched epoch loop, scoring, snapshots for early stopping and checkpoints.
 *
 * The epoch loop issues every batch's ops without reading anything back: the loss of each step
 * stays on the device and is summed once at the end of the epoch (one `data()` per epoch, or
 * every `reportEvery` batches when progress with a loss is wanted). No `optimizer.minimize`.
 */
import * as tf from '@tensorflow/tfjs';
import { RecError, throwIfAborted } from '../errors.ts';
import { gatherRows } from './backend.ts';
import { FactorTable, type FactorTableData } from './factor-table.ts';
import type { AdamRows } from './lazy-adam.ts';
import type { MfConfig } from './mf-config.ts';
import { Random } from './random.ts';
import type { Recommender } from './recommender.ts';

export type MfKind = 'mf-bpr' | 'mf-rating';

/** A trained model as plain data: what IndexedDB stores (checkpoint `value`) and what crosses workers. */
export interface MfCheckpoint {
  format: 'l4r-mf';
  version: 1;
  kind: MfKind;
  config: MfConfig;
  numUsers: number;
  numItems: number;
  /** Adam steps taken (bias correction continues from here on resume). */
  step: number;
  /** Epochs completed. */
  epoch: number;
  /** State of the sampling generator, so a resumed run draws what an uninterrupted one would. */
  rngState: number;
  users: FactorTableData;
  items: FactorTableData;
  /** Biased MF: mean training rating (the global bias). 0 for BPR. */
  globalMean: number;
}

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
  /** Mean training loss per sample (data term + L2). */
  loss: number;
  samples: number;
  batches: number;
  seconds: number;
  samplesPerSecond: number;
}

/** A training step at Adam step t: the next user and item tables and the batch's summed loss. */
export type StepFn = (t: number) => { users: AdamRows; items: AdamRows; loss: tf.Scalar };

/** Early-stopping snapshot: copies of both states. */
export interface MfSnapshot {
  users: AdamRows;
  items: AdamRows;
  step: number;
  epoch: number;
}

export abstract class MatrixFactorization implements Recommender {
  abstract readonly kind: MfKind;
  protected stepCount: number;
  protected epochCount: number;
  protected readonly rng: Random;

  protected constructor(
    readonly config: MfConfig,
    readonly numUsers: number,
    readonly numItems: number,
    protected users: FactorTable,
    protected items: FactorTable,
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
    const losses: tf.Scalar[] = [];
    const readLoss = async () => {
      const total = tf.tidy(() => tf.addN(losses));
      const value = (await total.data())[0]!;
      total.dispose();
      return value / samples;
    };
    try {
      for (let b = 0; b < batches; b++) {
        throwIfAborted(options.signal, 'Training');
        const step = makeStep(b);
        const t = this.stepCount + 1;
        const { users, items, loss } = tf.tidy(() => step(t));
        this.users.replace(users);
        this.items.replace(items);
        this.stepCount = t;
        losses.push(loss);
        const every = options.reportEvery ?? 0;
        if (options.onBatch) {
          const progress: BatchProgress = { epoch, batch: b + 1, batches, samples };
          if (every > 0 && (b + 1) % every === 0) progress.loss = await readLoss();
          options.onBatch(progress);
        }
      }
      const loss = await readLoss();
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
      for (const l of losses) l.dispose();
    }
  }

  /** Score offset added to every user·item product (biased MF's global mean). */
  protected get offset(): number {
    return this.globalMean;
  }

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    this.checkIndices(users, this.numUsers, 'user');
    const scores = tf.tidy(() => {
      const rows = gatherRows(this.users.weights(), tf.tensor2d(users, [users.length, 1], 'int32'));
      const s = tf.matMul(rows, this.items.weights(), false, true);
      return this.offset === 0 ? s : s.add(this.offset);
    });
    try {
      return (await scores.data()) as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  async scorePairs(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    if (users.length !== items.length) {
      throw new RecError('CONFIG_INVALID', `scorePairs needs as many users as items, got ${users.length} and ${items.length}.`);
    }
    this.checkIndices(users, this.numUsers, 'user');
    this.checkIndices(items, this.numItems, 'item');
    const scores = tf.tidy(() => {
      const p = gatherRows(this.users.weights(), tf.tensor2d(users, [users.length, 1], 'int32'));
      const q = gatherRows(this.items.weights(), tf.tensor2d(items, [items.length, 1], 'int32'));
      return p.mul(q).sum(1).add(this.offset);
    });
    try {
      return (await scores.data()) as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  /** The latent factors only (biased MF's bias and constant columns are left out). */
  async userEmbeddings(): Promise<{ dim: number; data: Float32Array }> {
    const dim = this.config.dim;
    const t = tf.tidy(() => this.users.weights().slice([0, 0], [this.numUsers, dim]));
    try {
      return { dim, data: (await t.data()) as Float32Array };
    } finally {
      t.dispose();
    }
  }

  snapshot(): MfSnapshot {
    return { users: this.users.clone(), items: this.items.clone(), step: this.stepCount, epoch: this.epochCount };
  }

  /** Restores a snapshot (and takes ownership of its tensors). */
  restore(snapshot: MfSnapshot): void {
    this.users.replace(snapshot.users);
    this.items.replace(snapshot.items);
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
      users: await this.users.toData(),
      items: await this.items.toData(),
      globalMean: this.globalMean,
    };
  }

  dispose(): void {
    this.users.dispose();
    this.items.dispose();
  }

  protected checkIndices(indices: Int32Array, count: number, what: 'user' | 'item'): void {
    for (let k = 0; k < indices.length; k++) {
      const v = indices[k]!;
      if (!(v >= 0 && v < count)) {
        throw new RecError(
          what === 'user' ? 'UNKNOWN_USER' : 'UNKNOWN_ITEM',
          `No ${what} with index ${v}: the model knows ${what}s 0..${count - 1}. Retrain after importing new data.`,
        );
      }
    }
  }
}

/** Checks a stored checkpoint before a model is built from it. */
export function checkCheckpoint(value: unknown, kind?: MfKind): MfCheckpoint {
  const c = value as Partial<MfCheckpoint> | null;
  if (!c || c.format !== 'l4r-mf' || c.version !== 1 || !c.users || !c.items || !c.config) {
    throw new RecError('CHECKPOINT_INVALID', 'The stored checkpoint is not an MF model of this version; train the model again.');
  }
  if (kind && c.kind !== kind) {
    throw new RecError('CHECKPOINT_INVALID', `The checkpoint holds a ${c.kind} model, not ${kind}; train a ${kind} model.`);
  }
  return c as MfCheckpoint;
}
