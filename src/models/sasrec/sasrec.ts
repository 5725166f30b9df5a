/**
 * SASRec (Kang & McAuley 2018, "Self-Attentive Sequential Recommendation") in TF.js, behind the
 * same ScoringModel contract as MF. The model keeps every user's sequence (its last `maxLen`
 * training items) to score from; `withSequences` scores from others (evaluation of the test item
 * reads the validation item too).
 *
 * A training step takes the first path that can run, same math on each (`lastStep` says which):
 * - 'wasm-simd': on the WASM backend, the packed step's SIMD kernel on the tensors' own memory;
 * - 'js-in-place': on CPU (or WASM without the kernel), the same packed step in JavaScript;
 * - 'tensor-ops': on WebGPU/WebGL, TF.js ops on a padded batch with autodiff (tensor-path.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError, throwIfAborted } from '../../errors.ts';
import { Random } from '../../random.ts';
import type { BprSampler } from '../bpr-sampler.ts';
import type { BatchProgress, EpochOptions, EpochStats } from '../matrix-factorization.ts';
import type { ScoringModel } from '../scoring-model.ts';
import type { StepInfo } from '../step-info.ts';
import { JsPackedRunner } from './packed-runner.ts';
import { packScoringBatch, packTrainingBatch, shuffledOrder, windowRows, type PackedBatch, type Windows } from './packed-batch.ts';
import { initialWeights, paramLayout, type ParamLayout } from './param-layout.ts';
import { ParamState, type FlatState } from './param-state.ts';
import { checkSasRecCheckpoint, type SasRecCheckpoint } from './sasrec-checkpoint.ts';
import { sasrecConfig, type SasRecConfig } from './sasrec-config.ts';
import { SequenceScorer, type RepresentationSource } from './sequence-scorer.ts';
import { forwardTensors, loadGradients, sliceParams, tensorStep } from './tensor-path.ts';
import { lastItems, type UserSequences } from './user-sequences.ts';
import { loadSimdKernel, simdUnsupported, SimdRunner } from './wasm-runner.ts';

/** What an epoch trains on: the users' training sequences, cut into windows, and negatives from the sampler. */
export interface SasRecTrainingData {
  sequences: UserSequences;
  windows: Windows;
  /** Draws each position's negative: an item the user has not interacted with in training. */
  sampler: Pick<BprSampler, 'sampleNegative'>;
}

/** How a step ran; on the SIMD path, whether the relaxed-SIMD build (fused multiply-add) did. */
export type SasRecStepInfo = StepInfo & { relaxedSimd?: boolean };

export interface SasRecSnapshot {
  state: FlatState;
  step: number;
  epoch: number;
}

export class SasRec implements ScoringModel, RepresentationSource {
  readonly kind = 'sasrec' as const;
  readonly layout: ParamLayout;
  private state: ParamState;
  private stepCount: number;
  private epochCount: number;
  private readonly rng: Random;
  private weightsVersion = 0;
  private itemCache: { version: number; tensor: tf.Tensor2D } | null = null;
  private readonly jsRunner: JsPackedRunner;
  private stepInfo: SasRecStepInfo | null = null;
  private simd: SimdRunner | null = null;
  private readonly own: SequenceScorer;
  private disposed = false;

  private constructor(
    readonly config: SasRecConfig,
    readonly numUsers: number,
    readonly numItems: number,
    sequences: UserSequences,
    state: ParamState,
    counters: { step: number; epoch: number; rngState: number },
  ) {
    this.layout = paramLayout(config, numItems);
    this.state = state;
    this.stepCount = counters.step;
    this.epochCount = counters.epoch;
    this.rng = new Random(counters.rngState);
    this.jsRunner = new JsPackedRunner(config, this.layout);
    this.own = new SequenceScorer(this, lastItems(sequences, config.maxLen));
  }

  /** A fresh model that scores from `sequences` (each user's training items in time order). */
  static create(numUsers: number, numItems: number, sequences: UserSequences, overrides: Partial<SasRecConfig> = {}): SasRec {
    const config = sasrecConfig(overrides);
    const layout = paramLayout(config, numItems);
    const state = ParamState.initial(initialWeights(layout, config.seed));
    // Sampling and dropout draw from their own stream, so they never change the initialisation.
    return new SasRec(config, numUsers, numItems, sequences, state, { step: 0, epoch: 0, rngState: config.seed ^ 0x5bd1e995 });
  }

  static fromCheckpoint(value: unknown): SasRec {
    const c = checkSasRecCheckpoint(value);
    const layout = paramLayout(c.config, c.numItems);
    return new SasRec(c.config, c.numUsers, c.numItems, c.sequences, ParamState.fromData(c, layout.size), c);
  }

  get dim(): number {
    return this.config.dim;
  }

  get version(): number {
    return this.weightsVersion;
  }

  get epochsDone(): number {
    return this.epochCount;
  }

  /** The generator negatives and dropout masks draw from (part of the checkpointed state). */
  get random(): Random {
    return this.rng;
  }

  /** How the last training step ran (null before the first). */
  get lastStep(): SasRecStepInfo | null {
    return this.stepInfo;
  }

  /** The sequences the model scores from (each user's last `maxLen` items). */
  get sequences(): UserSequences {
    return this.own.sequences;
  }

  /** One pass over the windows in a seeded random order, `config.batchSize` windows per step. */
  async trainEpoch(data: SasRecTrainingData, options: EpochOptions = {}): Promise<EpochStats> {
    this.checkLive();
    const started = performance.now();
    const epoch = this.epochCount + 1;
    const count = data.windows.user.length;
    if (count === 0) throw new RecError('NO_DATASET', 'No user has two training interactions in a row; SASRec has nothing to learn from.');
    const order = shuffledOrder(count, this.rng);
    const size = this.config.batchSize;
    const batches = Math.ceil(count / size);
    const samples = windowRows(data.windows);
    let lossSum = 0;
    let done = 0;
    for (let b = 0; b < batches; b++) {
      throwIfAborted(options.signal, 'Training');
      const batch = packTrainingBatch(
        data.sequences,
        data.windows,
        order,
        b * size,
        Math.min(count, (b + 1) * size),
        this.config.maxLen,
        (u) => this.negativeFor(data, u),
        this.config.negatives,
      );
      lossSum += await this.step(batch);
      done += batch.rows;
      const every = options.reportEvery ?? 0;
      if (options.onBatch) {
        const progress: BatchProgress = { epoch, batch: b + 1, batches, samples };
        if (every > 0 && (b + 1) % every === 0) progress.loss = lossSum / done;
        options.onBatch(progress);
      }
      // A step is long: let an AbortSignal from another task land between steps.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const loss = lossSum / samples;
    if (!Number.isFinite(loss)) {
      throw new RecError('CONFIG_INVALID', `SASRec training diverged in epoch ${epoch} (loss ${loss}); lower the learning rate (lr=${this.config.lr}).`);
    }
    this.epochCount = epoch;
    const seconds = (performance.now() - started) / 1000;
    return { epoch, loss, samples, batches, seconds, samplesPerSecond: samples / seconds };
  }

  /** One training step on `batch` (packed); returns its summed loss. */
  async step(batch: PackedBatch): Promise<number> {
    const t = this.stepCount + 1;
    const seed = this.rng.int(0x7fffffff);
    const simd = await this.simdRunner();
    let loss: number | null = null;
    let ranSimd = false;
    if (!('unavailable' in simd)) simd.prepare(batch);
    const inPlace = this.state.inPlace((state) => {
      const fast = 'unavailable' in simd ? null : simd.train(state, batch, seed, t);
      ranSimd = fast !== null;
      loss = fast ?? this.jsRunner.train(state, batch, seed, t);
    });
    if (inPlace) {
      this.stepInfo = ranSimd ? { path: 'wasm-simd', relaxedSimd: !('unavailable' in simd) && simd.relaxed } : { path: 'js-in-place', kernelUnavailable: 'unavailable' in simd ? simd.unavailable : "the parameters are not in the kernel's memory" };
    } else {
      await loadGradients();
      const next = tf.tidy(() => {
        const out = tensorStep(this.state.tensors, this.layout, this.config, batch, seed, t);
        return { w: out.w, m: out.m, v: out.v, loss: out.loss };
      });
      this.state.replace({ w: next.w, m: next.m, v: next.v });
      loss = (await next.loss.data())[0]!;
      next.loss.dispose();
      this.stepInfo = { path: 'tensor-ops' };
    }
    this.stepCount = t;
    this.weightsVersion++;
    return loss!;
  }

  // ---- scoring (ScoringModel) ----

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    this.checkLive();
    return this.own.scoreUsers(users);
  }

  async scorePairs(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    this.checkLive();
    return this.own.scorePairs(users, items);
  }

  async userEmbeddings(): Promise<{ dim: number; data: Float32Array }> {
    this.checkLive();
    return this.own.userEmbeddings();
  }

  /**
   * A ScoringModel that scores with this model's weights from other sequences (e.g. training +
   * validation items for the test protocol). It follows the model's training and dies with it.
   */
  withSequences(sequences: UserSequences): ScoringModel {
    if (sequences.offsets.length !== this.numUsers + 1) {
      throw new RecError('CONFIG_INVALID', `withSequences needs one sequence per user (${this.numUsers}), got ${sequences.offsets.length - 1}.`);
    }
    const scorer = new SequenceScorer(this, lastItems(sequences, this.config.maxLen));
    const model = this;
    return {
      kind: 'sasrec',
      numUsers: this.numUsers,
      numItems: this.numItems,
      scoreUsers: async (users) => (model.checkLive(), scorer.scoreUsers(users)),
      scorePairs: async (users, items) => (model.checkLive(), scorer.scorePairs(users, items)),
      userEmbeddings: async () => (model.checkLive(), scorer.userEmbeddings()),
      dispose: () => {},
    };
  }

  /** RepresentationSource: h_u of each user from `sequences`, in batches of `batchSize`. */
  async represent(users: Int32Array, sequences: UserSequences): Promise<Float32Array> {
    const d = this.config.dim;
    const out = new Float32Array(users.length * d);
    const size = this.config.batchSize;
    for (let start = 0; start < users.length; start += size) {
      const batch = packScoringBatch(sequences, users.subarray(start, Math.min(users.length, start + size)), this.config.maxLen);
      out.set(await this.representBatch(batch), start * d);
    }
    return out;
  }

  private async representBatch(batch: PackedBatch): Promise<Float32Array> {
    const simd = await this.simdRunner();
    let reps: Float32Array | null = null;
    if (!('unavailable' in simd)) simd.prepare(batch);
    const inPlace = this.state.inPlace((state) => {
      reps = ('unavailable' in simd ? null : simd.represent(state.w, batch)) ?? this.jsRunner.represent(state.w, batch);
    });
    if (inPlace) return reps!;
    return this.representWithTensors(batch);
  }

  private async representWithTensors(batch: PackedBatch): Promise<Float32Array> {
    const L = this.config.maxLen;
    const input = new Int32Array(batch.seqs * L);
    for (let s = 0; s < batch.seqs; s++) {
      const n = batch.seqStart[s + 1]! - batch.seqStart[s]!;
      input.set(batch.input.subarray(batch.seqStart[s]!, batch.seqStart[s + 1]!), s * L + L - n);
    }
    const last = tf.tidy(() => {
      const h = forwardTensors(sliceParams(this.state.tensors.w, this.layout), this.layout, this.config, tf.tensor2d(input, [batch.seqs, L], 'int32'), null);
      // An empty sequence has no last item: its representation is zero, as on the packed path.
      const nonEmpty = tf.tensor2d(Float32Array.from({ length: batch.seqs }, (_, s) => (batch.seqStart[s + 1]! > batch.seqStart[s]! ? 1 : 0)), [batch.seqs, 1]);
      return tf.mul(tf.reshape(tf.slice(h, [0, L - 1, 0], [batch.seqs, 1, this.config.dim]), [batch.seqs, this.config.dim]), nonEmpty);
    });
    try {
      return ((await last.data()) as Float32Array).slice();
    } finally {
      last.dispose();
    }
  }

  /** RepresentationSource: E[1..] transposed, cached until the weights change. */
  itemsTransposed(): tf.Tensor2D {
    if (this.itemCache?.version !== this.weightsVersion) {
      this.itemCache?.tensor.dispose();
      const d = this.config.dim;
      const tensor = tf.keep(tf.tidy(() => tf.transpose(tf.reshape(tf.slice(this.state.tensors.w, this.layout.item + d, this.numItems * d), [this.numItems, d])) as tf.Tensor2D));
      this.itemCache = { version: this.weightsVersion, tensor };
    }
    return this.itemCache.tensor;
  }

  // ---- state ----

  snapshot(): SasRecSnapshot {
    return { state: this.state.clone(), step: this.stepCount, epoch: this.epochCount };
  }

  /** Restores a snapshot (and takes ownership of its tensors). */
  restore(snapshot: SasRecSnapshot): void {
    this.state.replace(snapshot.state);
    this.stepCount = snapshot.step;
    this.epochCount = snapshot.epoch;
    this.weightsVersion++;
  }

  async toCheckpoint(): Promise<SasRecCheckpoint> {
    const data = await this.state.toData();
    return {
      format: 'l4r-sasrec',
      version: 1,
      kind: 'sasrec',
      config: { ...this.config },
      numUsers: this.numUsers,
      numItems: this.numItems,
      step: this.stepCount,
      epoch: this.epochCount,
      rngState: this.rng.seedState,
      ...data,
      sequences: { offsets: this.sequences.offsets.slice(), items: this.sequences.items.slice() },
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.itemCache?.tensor.dispose();
    this.itemCache = null;
    this.state.dispose();
  }

  /** The SIMD runner on the active backend's memory, or why there is none (then the JS step runs). */
  private async simdRunner(): Promise<SimdRunner | { unavailable: string }> {
    const unsupported = simdUnsupported(this.config);
    if (unsupported) return { unavailable: unsupported };
    const kernel = await loadSimdKernel();
    if ('unavailable' in kernel) return kernel;
    if (this.simd?.memory !== kernel.heap.memory) this.simd = new SimdRunner(kernel, this.config, this.layout);
    return this.simd;
  }

  private negativeFor(data: SasRecTrainingData, user: number): number {
    const j = data.sampler.sampleNegative(user, this.rng);
    // A user who has seen every item has no negative: any item keeps the step defined.
    return j >= 0 ? j : this.rng.int(this.numItems);
  }

  private checkLive(): void {
    if (this.disposed) throw new RecError('NOT_TRAINED', 'This SASRec model was disposed; load or train it again.');
  }
}

export function disposeSnapshot(snapshot: SasRecSnapshot | null): void {
  if (!snapshot) return;
  snapshot.state.w.dispose();
  snapshot.state.m.dispose();
  snapshot.state.v.dispose();
}

