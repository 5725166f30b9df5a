/**
 * Our WGSL kernels run on TF.js's OWN WebGPU device and on the tensors' own GPUBuffers, so the
 * weights stay TF.js tensors (checkpoints, snapshots, queries keep working) and nothing is copied.
 *
 * What this relies on in @tensorflow/tfjs-backend-webgpu 4.22 (public fields of `WebGPUBackend`
 * in its .d.ts, plus `commandEncoder`, which is private there):
 * - `device`, `queue`: the GPUDevice the backend created;
 * - `tensorMap.get(dataId)`: a tensor's record; `get` first MOVES the data to this backend when
 *   the tensor was made on another one; `resource` is its GPUBuffer once `uploadToGPU(dataId)`
 *   ran; `values` is a CPU copy the backend serves `data()` from when present (set by an upload
 *   before it happens and by every read), so after we write a buffer in place that copy is stale
 *   and is dropped (`markWritten`);
 * - `ensureCommandEncoderReady()`, `endComputePassEncoder()`, `commandEncoder`, `submitQueue()`:
 *   TF.js records its kernels into one encoder and submits it in batches. We record our passes
 *   into THAT encoder, after whatever TF.js has pending (uploads of fresh tensors, ops whose
 *   results we read), and submit it: one submission, in engine order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../../errors.ts';

interface TensorRecord {
  values: unknown;
  dtype: string;
  resource?: unknown;
}

/** The parts of TF.js's WebGPUBackend used here (see above). */
export interface TfjsWebGpu {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: object): TensorRecord; has(dataId: object): boolean };
  uploadToGPU(dataId: object): void;
  refCount(dataId: object): number;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  commandEncoder: GPUCommandEncoder | null;
  adapterInfo?: { vendor?: string; architecture?: string; isIntel?(): boolean };
}

/** The active TF.js WebGPU backend, or why there is none (another backend is active, TF.js changed). */
export function tfjsWebGpu(): TfjsWebGpu | { unavailable: string } {
  if (tf.getBackend() !== 'webgpu') return { unavailable: `the active TF.js backend is ${tf.getBackend()}, not webgpu` };
  const backend = tf.backend() as unknown as Partial<TfjsWebGpu>;
  const needed = ['device', 'queue', 'tensorMap', 'uploadToGPU', 'ensureCommandEncoderReady', 'endComputePassEncoder', 'submitQueue'] as const;
  const missing = needed.filter((key) => backend[key] === undefined);
  if (missing.length > 0) return { unavailable: `the TF.js WebGPU backend does not expose ${missing.join(', ')} (TF.js changed?)` };
  return backend as TfjsWebGpu;
}

/**
 * The GPUBuffer holding `t` on `backend` (uploaded first if its values were still on the CPU),
 * or null when `t` cannot be written in place: not float32/int32, or its storage is shared with
 * another tensor (a `clone()` shares it), which a write would change too.
 */
export function tensorBuffer(backend: TfjsWebGpu, t: tf.Tensor, forWriting: boolean): GPUBuffer | null {
  if (t.isDisposed) throw new RecError('CONFIG_INVALID', 'A GPU kernel was handed a disposed tensor; this is a bug in the caller.');
  if (t.dtype !== 'float32' && t.dtype !== 'int32') return null;
  const record = backend.tensorMap.get(t.dataId);
  if (forWriting && backend.refCount(t.dataId) !== 1) return null;
  backend.uploadToGPU(t.dataId);
  const buffer = record.resource;
  return isGpuBuffer(buffer) ? buffer : null;
}

function isGpuBuffer(value: unknown): value is GPUBuffer {
  return typeof value === 'object' && value !== null && 'mapAsync' in value && 'size' in value;
}

/** Drops TF.js's CPU copy of tensors whose buffers a kernel of ours wrote, so `data()` reads the GPU. */
export function markWritten(backend: TfjsWebGpu, tensors: readonly tf.Tensor[]): void {
  for (const t of tensors) backend.tensorMap.get(t.dataId).values = null;
}

/**
 * Records `record` into TF.js's command encoder after its pending work and submits the encoder:
 * one submission for the step. `record` must only encode (no awaits, no TF.js ops).
 */
export function submitOnTfjs(backend: TfjsWebGpu, record: (encoder: GPUCommandEncoder) => void): void {
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  const encoder = backend.commandEncoder;
  if (!encoder) throw new RecError('BACKEND_UNAVAILABLE', 'The TF.js WebGPU backend has no command encoder (TF.js changed?); train with backend "wasm".');
  record(encoder);
  backend.submitQueue();
}
