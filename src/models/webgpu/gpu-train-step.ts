/**
 * The fused training step on TF.js's WebGPU device: the tables (weights, m, v) are the TF.js
 * tensors' own GPUBuffers, written in place; a step is three dispatches in one compute pass and
 * ONE submission (wgsl/train-step.wgsl.ts says what each does), and nothing is read back: the
 * loss is summed on the device and read by `readLoss` once per epoch.
 *
 * The host does what is cheap and sequential: it checks every index first (a typed error, and
 * nothing written, for one outside the table), deduplicates the touched rows (a stamp per row, as
 * the SIMD kernel does) and lists each row's contributions (row-contributions.ts), then uploads
 * those lists with `queue.writeBuffer`, which the queue orders after the previous step's work.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../../errors.ts';
import { adamScalars, type AdamConfig } from '../adam-config.ts';
import { checkBprBatch, type BprStepBatch, type BprStepConfig } from '../bpr-step.ts';
import type { RatingTerms } from '../feature-gradients.ts';
import type { AdamRows } from '../lazy-adam.ts';
import { checkRatingBatch, type RatingBatch } from '../rating-step.ts';
import { binding, createBuffer, destroyBuffer, GpuBuffer } from './gpu-buffer.ts';
import { MAP_READ_MODE, USAGE } from './gpu-flags.ts';
import { grid, pipeline } from './pipelines.ts';
import { BprStepLists, ratingContributions, type RowContributions } from './row-contributions.ts';
import { markWritten, submitOnTfjs, tensorBuffer, type TfjsWebGpu } from './tfjs-device.ts';
import {
  bprSamplesWgsl,
  ENTRY_BYTES,
  lanesFor,
  LOSS_SUM_WGSL,
  NO_MASK,
  PARAM_FIELDS,
  PARAMS_BYTES,
  type StepParams,
  ratingSamplesWgsl,
  rowAdamWgsl,
  threadsPerRow,
  type Lanes,
} from './wgsl/train-step.wgsl.ts';

const { STORAGE, COPY_DST, COPY_SRC, UNIFORM, MAP_READ } = USAGE;

/** Why a step could not run on the GPU (nothing was written), or null when it ran. */
export type GpuStepOutcome = null | { unavailable: string };

const SHARED_STORAGE = "the table's tensors share their storage with another tensor (a clone), which an in-place write would change too";

interface TableBuffers {
  weights: GPUBuffer;
  m: GPUBuffer;
  v: GPUBuffer;
  rows: number;
  width: number;
}

export class GpuTrainStep {
  readonly device: GPUDevice;
  private readonly samples: GpuBuffer;
  private readonly entries: GpuBuffer;
  private readonly rowIndex: GpuBuffer;
  private readonly contributions: GpuBuffer;
  private readonly vectors: GpuBuffer;
  private readonly losses: GpuBuffer;
  private readonly params: GPUBuffer;
  private readonly total: GPUBuffer;
  private bprLists: BprStepLists | null = null;

  constructor(private readonly backend: TfjsWebGpu) {
    const device = (this.device = backend.device);
    this.samples = new GpuBuffer(device, 'l4r step samples');
    this.entries = new GpuBuffer(device, 'l4r step attribute entries');
    this.rowIndex = new GpuBuffer(device, 'l4r step row index');
    this.contributions = new GpuBuffer(device, 'l4r step contributions');
    this.vectors = new GpuBuffer(device, 'l4r step per-sample vectors', STORAGE);
    this.losses = new GpuBuffer(device, 'l4r step per-sample losses', STORAGE);
    this.params = createBuffer(device, { label: 'l4r step params', size: PARAMS_BYTES, usage: UNIFORM | COPY_DST });
    this.total = createBuffer(device, { label: 'l4r loss total', size: 16, usage: STORAGE | COPY_SRC | COPY_DST });
  }

  /** One BPR-MF step (the reference: bpr-step.ts `BprStepJs.run`) on `state`, in place. */
  bpr(state: AdamRows, batch: BprStepBatch, config: BprStepConfig, t: number): GpuStepOutcome {
    const [rows, width] = state.weights.shape;
    checkBprBatch(batch, rows);
    const n = batch.user.length;
    this.checkBatchSize(n);
    const table = this.tableBuffers(state);
    if (!table) return { unavailable: SHARED_STORAGE };
    if (this.bprLists?.tableRows !== rows) this.bprLists = new BprStepLists(rows);
    const { samples, lists } = this.bprLists.build(batch);
    const { stepSize, epsilonHat } = adamScalars(config, t);
    this.writeParams({ batch: n, uniqueRows: (lists.rowIndex.length - 1) / 2, width, entries: 0, reg: config.l2 / n, ...config, stepSize, epsilonHat, globalMean: 0, userMaskColumn: NO_MASK, itemMaskColumn: NO_MASK });
    this.samples.write(samples);
    this.run(state, table, lists, n, 'bpr', bprSamplesWgsl, (vectors, losses) => [
      binding(0, table.weights, rows * width * 4),
      binding(1, this.samples.ensure(samples.byteLength), samples.byteLength),
      binding(2, vectors),
      binding(3, losses),
      binding(4, this.params),
    ]);
    return null;
  }

  /** One rating-model step (the reference: rating-step.ts `RatingStepJs.run`) on `state`, in place. */
  rating(state: AdamRows, batch: RatingBatch, terms: RatingTerms, adam: AdamConfig, t: number): GpuStepOutcome {
    const [rows, width] = state.weights.shape;
    checkRatingBatch(batch, rows);
    const masks = { user: maskedColumn(terms.maskP, width), item: maskedColumn(terms.maskQ, width) };
    if ('unavailable' in masks.user) return masks.user;
    if ('unavailable' in masks.item) return masks.item;
    const n = batch.user.length;
    this.checkBatchSize(n);
    const table = this.tableBuffers(state);
    if (!table) return { unavailable: SHARED_STORAGE };
    const entryCount = batch.entrySample.length;
    // Sample: user, item, firstEntry, endEntry (u32), rating (f32): 5 words.
    const samples = new ArrayBuffer(5 * 4 * n);
    const sampleWords = new Uint32Array(samples);
    const sampleFloats = new Float32Array(samples);
    let e = 0;
    for (let k = 0; k < n; k++) {
      sampleWords[5 * k] = batch.user[k]!;
      sampleWords[5 * k + 1] = batch.item[k]!;
      sampleWords[5 * k + 2] = e;
      while (e < entryCount && batch.entrySample[e] === k) e++;
      sampleWords[5 * k + 3] = e;
      sampleFloats[5 * k + 4] = batch.rating[k]!;
    }
    // Entry: sample, row (u32), weight, regWeight (f32).
    const entries = new ArrayBuffer(ENTRY_BYTES * entryCount);
    const entryWords = new Uint32Array(entries);
    const entryFloats = new Float32Array(entries);
    for (let j = 0; j < entryCount; j++) {
      entryWords[4 * j] = batch.entrySample[j]!;
      entryWords[4 * j + 1] = batch.attribute[j]!;
      entryFloats[4 * j + 2] = batch.weight[j]!;
      entryFloats[4 * j + 3] = batch.regWeight[j]!;
    }
    const lists = ratingContributions(batch);
    const { stepSize, epsilonHat } = adamScalars(adam, t);
    this.writeParams({
      batch: n, uniqueRows: batch.unique.length, width, entries: entryCount, reg: terms.l2 / n, ...adam, stepSize, epsilonHat,
      globalMean: terms.globalMean, userMaskColumn: masks.user.column, itemMaskColumn: masks.item.column,
    });
    this.samples.write(sampleWords);
    this.entries.write(entryWords);
    this.run(state, table, lists, n, 'rating', ratingSamplesWgsl, (vectors, losses) => [
      binding(0, table.weights, rows * width * 4),
      binding(1, this.samples.ensure(samples.byteLength), samples.byteLength),
      binding(2, this.entries.ensure(entries.byteLength)),
      binding(3, vectors),
      binding(4, losses),
      binding(5, this.params),
    ]);
    return null;
  }

  /** Zeroes the device's running loss (queue-ordered: after every step submitted before). */
  resetLoss(): void {
    this.device.queue.writeBuffer(this.total, 0, new Float32Array(4));
  }

  /** The loss summed on the device since `resetLoss`: one small readback. */
  async readLoss(): Promise<number> {
    const staging = createBuffer(this.device, { label: 'l4r loss readback', size: 16, usage: MAP_READ | COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.total, 0, staging, 0, 16);
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(MAP_READ_MODE);
      return new Float32Array(staging.getMappedRange().slice(0))[0]!;
    } finally {
      destroyBuffer(staging);
    }
  }

  dispose(): void {
    for (const b of [this.samples, this.entries, this.rowIndex, this.contributions, this.vectors, this.losses]) b.destroy();
    destroyBuffer(this.params);
    destroyBuffer(this.total);
  }

  /** The three dispatches of a step in one pass on TF.js's encoder, one submission. */
  private run(
    state: AdamRows,
    table: TableBuffers,
    lists: RowContributions,
    n: number,
    model: 'bpr' | 'rating',
    samplesCode: (lanes: Lanes) => string,
    samplesBindings: (vectors: GPUBuffer, losses: GPUBuffer) => GPUBindGroupEntry[],
  ): void {
    const { device } = this;
    const unique = (lists.rowIndex.length - 1) / 2;
    const vectors = this.vectors.ensure(2 * n * table.width * 4);
    const losses = this.losses.ensure(n * 4);
    this.rowIndex.write(lists.rowIndex);
    this.contributions.write(lists.contributions);
    const lanes = lanesFor(table.width);
    const threads = threadsPerRow(table.width, lanes);
    const samplesPipeline = pipeline(device, `l4r ${model} samples ×${lanes}`, () => samplesCode(lanes));
    const rowPipeline = pipeline(device, `l4r ${model} rows ×${lanes} ${threads}/row`, () => rowAdamWgsl(lanes, threads, model));
    const lossPipeline = pipeline(device, 'l4r loss sum', () => LOSS_SUM_WGSL);
    const samplesGroup = device.createBindGroup({ layout: samplesPipeline.getBindGroupLayout(0), entries: samplesBindings(vectors, losses) });
    const rowGroup = device.createBindGroup({
      layout: rowPipeline.getBindGroupLayout(0),
      entries: [
        binding(0, table.weights, table.rows * table.width * 4),
        binding(1, table.m, table.rows * table.width * 4),
        binding(2, table.v, table.rows * table.width * 4),
        binding(3, vectors),
        binding(4, this.contributions.ensure(lists.contributions.byteLength)),
        binding(5, this.rowIndex.ensure(lists.rowIndex.byteLength)),
        // Only the rating model's rows read attribute entries (BPR's pipeline has no binding 6).
        ...(model === 'rating' ? [binding(6, this.entries.ensure(0))] : []),
        binding(7, this.params),
      ],
    });
    const lossGroup = device.createBindGroup({
      layout: lossPipeline.getBindGroupLayout(0),
      entries: [binding(0, losses), binding(1, this.total), binding(2, this.params)],
    });
    const limit = device.limits.maxComputeWorkgroupsPerDimension;
    const sampleGroups = Math.max(1, Math.ceil(n / 64));
    const rowGroups = grid(Math.ceil((unique * threads) / 64), limit);
    submitOnTfjs(this.backend, (encoder) => {
      const pass = encoder.beginComputePass({ label: 'l4r fused training step' });
      pass.setPipeline(samplesPipeline);
      pass.setBindGroup(0, samplesGroup);
      pass.dispatchWorkgroups(sampleGroups);
      if (unique > 0) {
        pass.setPipeline(rowPipeline);
        pass.setBindGroup(0, rowGroup);
        pass.dispatchWorkgroups(rowGroups[0], rowGroups[1]);
      }
      pass.setPipeline(lossPipeline);
      pass.setBindGroup(0, lossGroup);
      pass.dispatchWorkgroups(1);
      pass.end();
    });
    markWritten(this.backend, [state.weights, state.m, state.v]);
  }

  /** Pass 1 indexes samples by global_invocation_id.x only, so its grid must stay one-dimensional. */
  private checkBatchSize(n: number): void {
    const most = 64 * this.device.limits.maxComputeWorkgroupsPerDimension;
    if (n > most) throw new RecError('CONFIG_INVALID', `A batch of ${n} samples is too large for one GPU step; use a batch size of at most ${most}.`);
  }

  private tableBuffers(state: AdamRows): TableBuffers | null {
    const tensors: tf.Tensor[] = [state.weights, state.m, state.v];
    const buffers = tensors.map((t) => tensorBuffer(this.backend, t, true));
    const [weights, m, v] = buffers;
    if (!weights || !m || !v) return null;
    const [rows, width] = state.weights.shape;
    return { weights, m, v, rows, width };
  }

  private writeParams(p: Omit<StepParams, 'oneMinusBeta1' | 'oneMinusBeta2'>): void {
    const values: StepParams = { ...p, oneMinusBeta1: 1 - p.beta1, oneMinusBeta2: 1 - p.beta2 };
    const data = new ArrayBuffer(PARAMS_BYTES);
    const words = { u32: new Uint32Array(data), f32: new Float32Array(data) };
    PARAM_FIELDS.forEach(([name, type], k) => (words[type][k] = values[name]));
    this.device.queue.writeBuffer(this.params, 0, data);
  }
}

/**
 * The one column a gradient mask zeroes (the rating model's constant "1" column), NO_MASK when
 * none; a mask with several zero columns or other values has no single-column form here.
 */
export function maskedColumn(mask: Float32Array, width: number): { column: number } | { unavailable: string } {
  if (mask.length !== width) return { unavailable: `a gradient mask of ${mask.length} columns for a table of ${width}` };
  let column = NO_MASK;
  for (let c = 0; c < width; c++) {
    if (mask[c] === 1) continue;
    if (mask[c] !== 0 || column !== NO_MASK) return { unavailable: 'the gradient masks are not 1 everywhere but on at most one column' };
    column = c;
  }
  return { column };
}
