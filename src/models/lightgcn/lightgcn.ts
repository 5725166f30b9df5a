/**
 * LightGCN (He et al., SIGIR 2020) behind the same ScoringModel contract as MF: one ego embedding
 * table E (users, then items, with Adam moments: a FactorTable), the symmetric-normalised user–item
 * graph Â of the training interactions, and the final embeddings F = mean(E, ÂE, …, Â^K E) that
 * score: ŷ_ui = F_u·F_i. Trained with BPR on F and L2 on the ego rows of each batch.
 *
 * Three step paths, same math, the first that can run is taken (`lastStep` says which and why):
 * 'wasm-simd' (lightgcn-kernel.ts, on the TF.js WASM heap), 'js-in-place' (CPU, or WASM without
 * the kernel; lightgcn-step-js.ts, the reference), 'tensor-ops' (WebGPU, WebGL;
 * lightgcn-tensor-step.ts).
 *
 * The checkpoint carries the graph's edges: F depends on them, so a model restored in another
 * page (or worker) scores exactly as the trained one did, and a resumed run propagates over the
 * same graph.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError, throwIfAborted } from '../../errors.ts';
import { checkIndexRange, checkScorePairs, readTensor, rowsAt } from '../embedding-scores.ts';
import { inPlaceArrays } from '../in-place-arrays.ts';
import type { Triples } from '../bpr-sampler.ts';
import type { BprStepBatch } from '../bpr-step.ts';
import { FactorTable } from '../factor-table.ts';
import { stepInPlace } from '../in-place-step.ts';
import type { BatchProgress, EpochOptions, EpochStats, MfSnapshot } from '../matrix-factorization.ts';
import { Random } from '../../random.ts';
import type { ScoringModel } from '../scoring-model.ts';
import type { StepInfo } from '../step-info.ts';
import { normalizedGraph, type GraphEdges, type NormalizedGraph } from './graph.ts';
import { checkLightGcnCheckpoint, type LightGcnCheckpoint } from './lightgcn-checkpoint.ts';
import { lightGcnConfig, type LightGcnConfig } from './lightgcn-config.ts';
import { lightGcnKernel } from './lightgcn-kernel.ts';
import { LightGcnStepJs } from './lightgcn-step-js.ts';
import { GraphTensors, lightGcnTensorStep } from './lightgcn-tensor-step.ts';

export class LightGcn implements ScoringModel {
  readonly kind = 'lightgcn' as const;
  private stepCount: number;
  private epochCount: number;
  private readonly rng: Random;
  private readonly graph: NormalizedGraph;
  private jsStepCache: LightGcnStepJs | null = null;
  private graphTensorCache: GraphTensors | null = null;
  /** F, [nodes, dim]; kept (outside any tidy) until the next update. */
  private finalCache: tf.Tensor2D | null = null;
  private stepInfo: StepInfo | null = null;

  private constructor(
    readonly config: LightGcnConfig,
    readonly numUsers: number,
    readonly numItems: number,
    private readonly edges: GraphEdges,
    private readonly table: FactorTable,
    state: { step: number; epoch: number; rngState: number },
  ) {
    this.graph = normalizedGraph(edges, numUsers, numItems);
    this.stepCount = state.step;
    this.epochCount = state.epoch;
    this.rng = new Random(state.rngState);
  }

  /** A fresh model over the graph of `edges` (graph.ts `graphEdges` of the training rows). */
  static create(numUsers: number, numItems: number, edges: GraphEdges, overrides: Partial<LightGcnConfig> = {}): LightGcn {
    const config = lightGcnConfig(overrides);
    const table = FactorTable.random(numUsers + numItems, config.dim, new Random(config.seed), config.initStd);
    return new LightGcn(config, numUsers, numItems, edges, table, { step: 0, epoch: 0, rngState: config.seed ^ 0x5bd1e995 });
  }

  static fromCheckpoint(value: unknown): LightGcn {
    const c = checkLightGcnCheckpoint(value);
    const edges = { user: Int32Array.from(c.edges.user), item: Int32Array.from(c.edges.item) };
    return new LightGcn(lightGcnConfig(c.config), c.numUsers, c.numItems, edges, FactorTable.fromData(c.table), c);
  }

  get epochsDone(): number {
    return this.epochCount;
  }

  /** The generator epochs should sample negatives with (part of the checkpointed state). */
  get random(): Random {
    return this.rng;
  }

  /** How the last training step ran (null before the first). */
  get lastStep(): StepInfo | null {
    return this.stepInfo;
  }

  /** Number of distinct training interactions in the graph. */
  get edgeCount(): number {
    return this.edges.user.length;
  }

  /** One pass over the given triples in batches of `config.batchSize`. */
  async trainEpoch(triples: Triples, options: EpochOptions = {}): Promise<EpochStats> {
    const started = performance.now();
    const epoch = this.epochCount + 1;
    const samples = triples.user.length;
    const size = this.config.batchSize;
    const batches = Math.ceil(samples / size);
    // Losses of in-place steps arrive as numbers; a tensor step's stay on the device until the end.
    const sum: { host: number; device: tf.Scalar | null } = { host: 0, device: null };
    const readLoss = async () => sum.host + (sum.device ? (await sum.device.data())[0]! : 0);
    try {
      for (let b = 0; b < batches; b++) {
        throwIfAborted(options.signal, 'Training');
        const end = Math.min(samples, (b + 1) * size);
        const batch: BprStepBatch = {
          user: triples.user.subarray(b * size, end),
          positive: triples.positive.subarray(b * size, end),
          negative: triples.negative.subarray(b * size, end),
          itemOffset: this.numUsers,
        };
        const loss = this.step(batch, this.stepCount + 1);
        this.stepCount++;
        if (typeof loss === 'number') sum.host += loss;
        else if (!sum.device) sum.device = loss;
        else {
          // A running sum, one add per step (see matrix-factorization.ts for why not tf.addN).
          const previous = sum.device;
          sum.device = tf.tidy(() => tf.add(previous, loss) as tf.Scalar);
          previous.dispose();
          loss.dispose();
        }
        const every = options.reportEvery ?? 0;
        if (options.onBatch) {
          const progress: BatchProgress = { epoch, batch: b + 1, batches, samples };
          if (every > 0 && (b + 1) % every === 0) progress.loss = (await readLoss()) / end;
          options.onBatch(progress);
        }
      }
      const loss = samples === 0 ? 0 : (await readLoss()) / samples;
      if (!Number.isFinite(loss)) {
        throw new RecError('CONFIG_INVALID', `Training diverged in epoch ${epoch} (loss ${loss}); lower the learning rate (lr=${this.config.lr}) or raise l2.`);
      }
      this.epochCount = epoch;
      const seconds = (performance.now() - started) / 1000;
      return { epoch, loss, samples, batches, seconds, samplesPerSecond: samples / seconds };
    } finally {
      sum.device?.dispose();
    }
  }

  /** One step at Adam step t: in place where the table's memory is addressable, else tensor ops. */
  private step(batch: BprStepBatch, t: number): number | tf.Scalar {
    this.dropFinal();
    const { dim } = this.config;
    const kernel = lightGcnKernel(dim);
    const { loss, info } = stepInPlace(
      this.table,
      'unavailable' in kernel ? kernel : (state) => kernel.run(state, this.graph, dim, batch, this.config, t),
      (state) => this.jsStep().run(state, batch, this.config, t),
    );
    this.stepInfo = info;
    if (loss !== null) return loss;
    return lightGcnTensorStep(this.table, this.graphTensors(), batch, this.config, t);
  }

  private jsStep(): LightGcnStepJs {
    this.jsStepCache ??= new LightGcnStepJs(this.graph, this.config.dim);
    return this.jsStepCache;
  }

  private graphTensors(): GraphTensors {
    this.graphTensorCache ??= new GraphTensors(this.graph);
    return this.graphTensorCache;
  }

  /** F = mean(E, ÂE, …, Â^K E), [nodes, dim]: computed once per model state. */
  private final(): tf.Tensor2D {
    if (this.finalCache) return this.finalCache;
    const { dim, layers } = this.config;
    let values: Float32Array | null = null;
    inPlaceArrays([this.table.weights()], ([weights]) => {
      const kernel = lightGcnKernel(dim);
      values = ('unavailable' in kernel ? null : kernel.propagate(weights!, this.graph, dim, layers)) ?? this.jsStep().propagate(weights!, layers);
    });
    this.finalCache = values
      ? tf.tensor2d(values, [this.graph.nodes, dim], 'float32')
      : tf.keep(tf.tidy(() => this.graphTensors().propagateMean(this.table.weights(), layers)));
    return this.finalCache;
  }

  private dropFinal(): void {
    this.finalCache?.dispose();
    this.finalCache = null;
  }

  async scoreUsers(users: Int32Array): Promise<Float32Array> {
    checkIndexRange(users, this.numUsers, 'user');
    const final = this.final();
    return readTensor(() => tf.matMul(rowsAt(final, users), tf.slice(final, [this.numUsers, 0], [this.numItems, this.config.dim]), false, true));
  }

  async scorePairs(users: Int32Array, items: Int32Array): Promise<Float32Array> {
    checkScorePairs(users, items, this.numUsers, this.numItems);
    const final = this.final();
    return readTensor(() => tf.sum(tf.mul(rowsAt(final, users), rowsAt(final, Int32Array.from(items, (i) => i + this.numUsers))), 1));
  }

  /** The users' final embeddings (what scores; similar-user queries compare these). */
  async userEmbeddings(): Promise<{ dim: number; data: Float32Array }> {
    const dim = this.config.dim;
    return { dim, data: await readTensor(() => tf.slice(this.final(), [0, 0], [this.numUsers, dim])) };
  }

  /** Early-stopping snapshot (the same shape as MF's, so `fit` handles both). */
  snapshot(): MfSnapshot {
    return { table: this.table.clone(), step: this.stepCount, epoch: this.epochCount };
  }

  /** Restores a snapshot (and takes ownership of its tensors). */
  restore(snapshot: MfSnapshot): void {
    this.dropFinal();
    this.table.replace(snapshot.table);
    this.stepCount = snapshot.step;
    this.epochCount = snapshot.epoch;
  }

  async toCheckpoint(): Promise<LightGcnCheckpoint> {
    return {
      format: 'l4r-lightgcn',
      version: 1,
      kind: 'lightgcn',
      config: { ...this.config },
      numUsers: this.numUsers,
      numItems: this.numItems,
      step: this.stepCount,
      epoch: this.epochCount,
      rngState: this.rng.seedState,
      table: await this.table.toData(),
      edges: { user: this.edges.user.slice(), item: this.edges.item.slice() },
    };
  }

  dispose(): void {
    this.dropFinal();
    this.graphTensorCache?.dispose();
    this.graphTensorCache = null;
    this.table.dispose();
  }
}
