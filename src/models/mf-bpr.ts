/**
 * MF with the BPR loss (Rendle et al.): ŷ_ui = p_u·q_i, trained on triples (u, i+, i−) with
 * L = mean −ln σ(ŷ_ui+ − ŷ_ui−) + L2 (gradients: mf-losses.ts), lazy Adam on the touched rows only.
 * Three paths, same math, the first that can run is taken (`lastStep` says which ran and why):
 * - 'wasm-simd': on the WASM backend, one WebAssembly SIMD kernel call per step on the tables'
 *   own memory (kernels/bpr-step-kernel.ts);
 * - 'js-in-place': on CPU (or WASM without the kernel), the same fused pass in JavaScript
 *   (`bprGradientsInto` + `lazyAdamInPlace`, through `FactorTable.updateInPlace`) — the reference;
 * - 'webgpu-fused': on WebGPU, our WGSL kernels on the tables' own GPU buffers, one submission
 *   per step, the loss summed on the device (webgpu/gpu-train-step.ts);
 * - 'tensor-ops': on WebGL (or WebGPU with the fused kernels off), tensor ops (gather the rows,
 *   closed-form gradients, `FactorTable.update` sums them per row).
 */
import * as tf from '@tensorflow/tfjs-core';
import { gatherRows } from './gather-rows.ts';
import { RowDeduper } from './batch-rows.ts';
import type { Triples } from './bpr-sampler.ts';
import { FactorTable } from './factor-table.ts';
import { MatrixFactorization, type EpochOptions, type EpochStats, type StepFn } from './matrix-factorization.ts';
import { checkCheckpoint, type MfCheckpoint } from './mf-checkpoint.ts';
import { mfConfig, type MfConfig } from './mf-config.ts';
import { bprGradients } from './mf-losses.ts';
import { BprStepJs, type BprStepBatch } from './bpr-step.ts';
import { Random } from '../random.ts';
import { bprStepKernel } from './kernels/bpr-step-kernel.ts';
import { stepInPlace } from './in-place-step.ts';
import type { StepInfo } from './step-info.ts';

export class BprMf extends MatrixFactorization {
  readonly kind = 'mf-bpr' as const;
  private readonly rows: RowDeduper;
  private readonly jsStep: BprStepJs;
  private stepInfo: StepInfo | null = null;

  private constructor(config: MfConfig, numUsers: number, numItems: number, table: FactorTable, state: { step: number; epoch: number; rngState: number }) {
    super(config, numUsers, numItems, table, 0, state);
    this.rows = new RowDeduper(numUsers + numItems);
    this.jsStep = new BprStepJs(numUsers + numItems);
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

  /** How the last training step ran (null before the first). */
  get lastStep(): StepInfo | null {
    return this.stepInfo;
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

  private step(user: Int32Array, positive: Int32Array, negative: Int32Array): StepFn {
    return (t) => {
      const batch = { user, positive, negative, itemOffset: this.numUsers };
      const loss = this.stepInPlace(batch, t);
      if (loss !== null) return tf.scalar(loss);
      const fused = this.fusedGpu.bpr(this.table, batch, this.config, t);
      this.stepInfo = fused === null ? { path: 'webgpu-fused' } : { path: 'tensor-ops', kernelUnavailable: fused.unavailable };
      if (fused === null) return undefined;
      // The in-place steps check indices themselves; a GPU gather would clamp or read garbage instead.
      this.checkIndices(user, this.numUsers, 'user');
      this.checkIndices(positive, this.numItems, 'item');
      this.checkIndices(negative, this.numItems, 'item');
      const posRows = this.itemRows(positive);
      const negRows = this.itemRows(negative);
      // One list of touched rows (users and items share the table), and each sample row's slot in it.
      const { unique, local } = this.rows.dedupe(user, posRows, negRows);
      const column = (values: Int32Array) => tf.tensor2d(values, [values.length, 1], 'int32');
      const w = this.table.weights();
      const p = gatherRows(w, column(user));
      const qi = gatherRows(w, column(posRows));
      const qj = gatherRows(w, column(negRows));
      const grads = bprGradients(p, qi, qj, this.config.l2);
      const slots = new Int32Array(3 * user.length);
      local.forEach((l, k) => slots.set(l, k * user.length));
      // Per-sample gradient rows in the order of `slots`; the table sums them per touched row.
      this.table.update(unique, slots, tf.concat([grads.dP, grads.dPositive, grads.dNegative], 0) as tf.Tensor2D, this.config, t);
      return grads.loss;
    };
  }

  /**
   * The whole step on the table's own memory (WASM, CPU): the SIMD kernel where it loads, else the
   * JS step; null where the backend's memory is not addressable (GPU backends). Same math.
   */
  private stepInPlace(batch: BprStepBatch, t: number): number | null {
    const dim = this.config.dim;
    const kernel = bprStepKernel(dim);
    const { loss, info } = stepInPlace(
      this.table,
      'unavailable' in kernel ? kernel : (state) => kernel.run(state, dim, batch, this.config, t),
      (state) => this.jsStep.run(state, dim, batch, this.config, t),
    );
    this.stepInfo = info;
    return loss;
  }
}
