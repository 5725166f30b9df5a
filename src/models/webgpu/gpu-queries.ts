/**
 * Top-k and the ranking evaluation on TF.js's WebGPU device (kernels: wgsl/queries.wgsl.ts),
 * reading the model's own tensors (user rows, the items' vectors as scoring uses them). One
 * dispatch per call for any number of users, recorded after TF.js's pending work (the item
 * vectors may have just been composed) and submitted with the copy of the results, so a call
 * costs one submission and one readback of ids and scores (or ranks) only.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../../errors.ts';
import type { ExclusionMask } from './exclusion-mask.ts';
import { binding, createBuffer, destroyBuffer, GpuBuffer } from './gpu-buffer.ts';
import { MAP_READ_MODE, USAGE } from './gpu-flags.ts';
import { grid, pipeline } from './pipelines.ts';
import { submitOnTfjs, tensorBuffer, type TfjsWebGpu } from './tfjs-device.ts';
import { lanesFor, type Lanes } from './wgsl/lanes.ts';
import { QUERY_PARAMS_BYTES, rankTargetsWgsl, scoresWgsl, topKWgsl } from './wgsl/queries.wgsl.ts';

/** What the kernels read: user i's vector is row i of `userRows`; item j's is row j of `itemRows`. */
export interface DeviceScoring {
  userRows: tf.Tensor2D;
  itemRows: tf.Tensor2D;
  /** Added to every score (biased MF's global mean). */
  offset: number;
}

export interface TopKResult {
  /** users × k item indices, best first; −1 past the last candidate. */
  index: Int32Array;
  score: Float32Array;
}

export interface TargetRanks {
  /** Candidates (other than the target) scoring at least as high as the target. */
  rank: Uint32Array;
  candidates: Uint32Array;
  /** The lowest item scored NaN, or −1. */
  firstNaN: Int32Array;
  targetScore: Float32Array;
}

type Kernel = 'top-k' | 'rank' | 'scores';
const { STORAGE, COPY_DST, COPY_SRC, UNIFORM, MAP_READ } = USAGE;

export class GpuQueries {
  private readonly device: GPUDevice;
  private readonly users: GpuBuffer;
  private readonly targets: GpuBuffer;
  private readonly excluded: GpuBuffer;
  private readonly out: GpuBuffer;
  private readonly params: GPUBuffer;

  private constructor(private readonly backend: TfjsWebGpu) {
    const device = (this.device = backend.device);
    this.users = new GpuBuffer(device, 'l4r query users');
    this.targets = new GpuBuffer(device, 'l4r query targets');
    this.excluded = new GpuBuffer(device, 'l4r query exclusions');
    this.out = new GpuBuffer(device, 'l4r query results', STORAGE | COPY_SRC);
    this.params = createBuffer(device, { label: 'l4r query params', size: QUERY_PARAMS_BYTES, usage: UNIFORM | COPY_DST });
  }

  private static readonly perDevice = new WeakMap<GPUDevice, GpuQueries>();

  /** The instance for TF.js's current WebGPU device. */
  static on(backend: TfjsWebGpu): GpuQueries {
    let found = GpuQueries.perDevice.get(backend.device);
    if (!found) GpuQueries.perDevice.set(backend.device, (found = new GpuQueries(backend)));
    return found;
  }

  /** Each user's k best items that `mask` does not exclude (mask row b belongs to users[b]). */
  async topK(scoring: DeviceScoring, users: Int32Array, k: number, mask: ExclusionMask): Promise<TopKResult> {
    if (!Number.isInteger(k) || k < 1) throw new RecError('CONFIG_INVALID', `k must be a positive whole number, got ${k}.`);
    const bytes = await this.run('top-k', scoring, users, null, mask, k, users.length * k * 8);
    const words = new Int32Array(bytes);
    const floats = new Float32Array(bytes);
    const index = new Int32Array(users.length * k);
    const score = new Float32Array(users.length * k);
    for (let n = 0; n < index.length; n++) {
      index[n] = words[2 * n]!;
      score[n] = floats[2 * n + 1]!;
    }
    return { index, score };
  }

  /** Where each user's held-out item `targets[b]` ranks among the items `mask` leaves (eval/rank.ts's rule). */
  async rankTargets(scoring: DeviceScoring, users: Int32Array, targets: Int32Array, mask: ExclusionMask): Promise<TargetRanks> {
    if (targets.length !== users.length) throw new RecError('CONFIG_INVALID', `rankTargets needs one target per user, got ${targets.length} for ${users.length}.`);
    const bytes = await this.run('rank', scoring, users, targets, mask, 0, users.length * 16);
    const words = new Uint32Array(bytes);
    const ints = new Int32Array(bytes);
    const floats = new Float32Array(bytes);
    const n = users.length;
    const out: TargetRanks = { rank: new Uint32Array(n), candidates: new Uint32Array(n), firstNaN: new Int32Array(n), targetScore: new Float32Array(n) };
    for (let b = 0; b < n; b++) {
      out.rank[b] = words[4 * b]!;
      out.candidates[b] = words[4 * b + 1]!;
      out.firstNaN[b] = ints[4 * b + 2]!;
      out.targetScore[b] = floats[4 * b + 3]!;
    }
    return out;
  }

  /** Every item's score for each user, users × items, as the two kernels above compute them. */
  async scores(scoring: DeviceScoring, users: Int32Array): Promise<Float32Array> {
    const items = scoring.itemRows.shape[0];
    return new Float32Array(await this.run('scores', scoring, users, null, null, 0, users.length * items * 4));
  }

  private async run(kernel: Kernel, scoring: DeviceScoring, users: Int32Array, targets: Int32Array | null, mask: ExclusionMask | null, k: number, outBytes: number): Promise<ArrayBuffer> {
    const [userRowCount, width] = scoring.userRows.shape;
    const [items, itemWidth] = scoring.itemRows.shape;
    if (itemWidth !== width) throw new RecError('CONFIG_INVALID', `User rows of width ${width} cannot score item rows of width ${itemWidth}.`);
    checkIndices(users, userRowCount, 'UNKNOWN_USER', 'user');
    if (targets) checkIndices(targets, items, 'UNKNOWN_ITEM', 'item');
    if (mask && (mask.users !== users.length || mask.items !== items)) {
      throw new RecError('CONFIG_INVALID', `The exclusion mask covers ${mask.users} users × ${mask.items} items, not ${users.length} × ${items}.`);
    }
    const n = users.length;
    if (n === 0) return new ArrayBuffer(0);
    const userBuffer = tensorBuffer(this.backend, scoring.userRows, false);
    const itemBuffer = tensorBuffer(this.backend, scoring.itemRows, false);
    if (!userBuffer || !itemBuffer) throw new RecError('BACKEND_UNAVAILABLE', 'The model\'s tensors are not float32 GPU buffers; query it on the WASM backend.');
    const lanes = lanesFor(width);
    const { device } = this;
    const code: Record<Kernel, (lanes: Lanes) => string> = { 'top-k': topKWgsl, rank: rankTargetsWgsl, scores: scoresWgsl };
    const compiled = pipeline(device, `l4r ${kernel} ×${lanes}`, () => code[kernel](lanes));
    this.writeParams(n, items, width, k, mask?.words ?? 0, scoring.offset);
    const usersBuffer = this.users.write(Uint32Array.from(users));
    const out = this.out.ensure(outBytes);
    const entries: GPUBindGroupEntry[] = [
      binding(0, userBuffer, userRowCount * width * 4),
      binding(1, itemBuffer, items * width * 4),
      binding(2, usersBuffer, n * 4),
      binding(4, out, outBytes),
      binding(5, this.params),
    ];
    // The scores kernel never reads the mask, so its automatic layout has no binding 3.
    if (mask) entries.push(binding(3, this.excluded.write(mask.bits), mask.bits.byteLength));
    if (targets) entries.push(binding(6, this.targets.write(Uint32Array.from(targets)), n * 4));
    const group = device.createBindGroup({ layout: compiled.getBindGroupLayout(0), entries });
    const staging = createBuffer(device, { label: `l4r ${kernel} readback`, size: Math.max(16, outBytes), usage: MAP_READ | COPY_DST });
    const [x, y] = grid(n, device.limits.maxComputeWorkgroupsPerDimension);
    submitOnTfjs(this.backend, (encoder) => {
      const pass = encoder.beginComputePass({ label: `l4r ${kernel}` });
      pass.setPipeline(compiled);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(x, y);
      pass.end();
      encoder.copyBufferToBuffer(out, 0, staging, 0, outBytes);
    });
    try {
      await staging.mapAsync(MAP_READ_MODE);
      return staging.getMappedRange(0, outBytes).slice(0);
    } finally {
      destroyBuffer(staging);
    }
  }

  private writeParams(users: number, items: number, width: number, k: number, words: number, offset: number): void {
    const data = new ArrayBuffer(QUERY_PARAMS_BYTES);
    const u = new Uint32Array(data);
    u[0] = users;
    u[1] = items;
    u[2] = width;
    u[3] = k;
    u[4] = words;
    new Float32Array(data)[5] = offset;
    this.device.queue.writeBuffer(this.params, 0, data);
  }
}

/** Out-of-range indices would read other rows (WebGPU clamps, it does not fault): refuse them first. */
function checkIndices(indices: Int32Array, count: number, code: 'UNKNOWN_USER' | 'UNKNOWN_ITEM', what: string): void {
  for (let k = 0; k < indices.length; k++) {
    const v = indices[k]!;
    if (!(v >= 0 && v < count)) throw new RecError(code, `No ${what} with index ${v}: the model knows ${what}s 0..${count - 1}.`);
  }
}
