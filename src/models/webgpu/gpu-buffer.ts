/**
 * A storage buffer of our own on TF.js's device that grows to fit: the fused kernels' per-step
 * inputs and scratch (samples, contribution lists, per-sample vectors). It grows by doubling, so
 * an epoch allocates a few times at most; a replaced buffer is destroyed, which WebGPU defers until
 * the work already submitted with it has run.
 */
import { USAGE } from './gpu-flags.ts';

let liveBytes = 0;

/** Bytes in the fused kernels' own GPU buffers (scratch, parameters, readback), for memory reports. */
export function fusedGpuBytes(): number {
  return liveBytes;
}

/** `device.createBuffer`, counted in `fusedGpuBytes`; free it with `destroyBuffer`. */
export function createBuffer(device: GPUDevice, descriptor: GPUBufferDescriptor): GPUBuffer {
  const buffer = device.createBuffer(descriptor);
  liveBytes += buffer.size;
  return buffer;
}

export function destroyBuffer(buffer: GPUBuffer): void {
  liveBytes -= buffer.size;
  buffer.destroy();
}

export class GpuBuffer {
  private buffer: GPUBuffer | null = null;

  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
    private readonly usage: GPUBufferUsageFlags = USAGE.STORAGE | USAGE.COPY_DST,
  ) {}

  /** The buffer, at least `bytes` long (4 at least: WebGPU binds no empty buffer). */
  ensure(bytes: number): GPUBuffer {
    const need = Math.max(16, align(bytes, 16));
    if (!this.buffer || this.buffer.size < need) {
      const size = Math.max(need, this.buffer ? 2 * this.buffer.size : 0);
      if (this.buffer) destroyBuffer(this.buffer);
      this.buffer = createBuffer(this.device, { label: this.label, size, usage: this.usage });
    }
    return this.buffer;
  }

  /** Writes `data` at offset 0 (growing first); queue-ordered after all work submitted so far. */
  write(data: ArrayBufferView & { byteLength: number }): GPUBuffer {
    const buffer = this.ensure(data.byteLength);
    // writeBuffer needs a multiple of 4 bytes; every array written here is 32-bit.
    if (data.byteLength > 0) this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
  }

  destroy(): void {
    if (this.buffer) destroyBuffer(this.buffer);
    this.buffer = null;
  }
}

export function align(bytes: number, to: number): number {
  return Math.ceil(bytes / to) * to;
}

/** A binding of the first `bytes` of `buffer` (at least 4), as bind group entries want it. */
export function binding(index: number, buffer: GPUBuffer, bytes?: number): GPUBindGroupEntry {
  return { binding: index, resource: { buffer, offset: 0, size: Math.max(4, align(bytes ?? buffer.size, 4)) } };
}
