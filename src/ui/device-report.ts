/**
 * What `<l4r-device-panel>` shows: a plain view model the app fills from the capabilities
 * probe, the TF.js backend chooser and `navigator.storage.estimate()`. Each part is either
 * known or says why it is not, so the panel never guesses.
 */

export type Known<T> = { state: 'known'; value: T } | { state: 'unknown'; reason: string };

export interface GpuReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Every feature the adapter offers, sorted. */
  features: string[];
  shaderF16: boolean;
  /** A few limits that decide what fits (max buffer size, storage buffer binding size, …). */
  limits: Record<string, number>;
  /** SwiftShader and other CPU adapters: WebGPU works but slowly. */
  isFallbackAdapter?: boolean;
}

export interface BackendReport {
  /** The TF.js backend in use ('webgpu', 'webgl', 'wasm', 'cpu'). */
  chosen: string;
  /** Backends tried before it, with why each was passed over. */
  skipped: { name: string; reason: string }[];
  /** The calibration that decided an automatic choice (src/models/webgpu/backend-calibration.ts). */
  measured?: MeasuredReport;
}

export interface MeasuredReport {
  adapter: string;
  shapeClass: string;
  /** Milliseconds per training step of each backend measured. */
  msPerStep: Record<string, number>;
  /** ISO time of the measurement. */
  measuredAt: string;
  /** The figures were remembered from an earlier measurement on this device. */
  remembered: boolean;
}

export interface StorageReport {
  usage: number;
  quota: number;
  /** Whether the browser promised not to evict this site's data. */
  persisted?: boolean;
}

export interface ModelCacheReport {
  modelId: string;
  displayName: string;
  cached: boolean;
}

export interface DeviceReport {
  /** Either the adapter, or why WebGPU is unavailable (what to do is in the reason). */
  gpu: Known<GpuReport>;
  backend: Known<BackendReport>;
  storage: Known<StorageReport>;
  llmWeights: Known<ModelCacheReport[]>;
}
