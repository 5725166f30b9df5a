/**
 * What this device can do for the on-device LLM, for the device panel and for `selectModel`:
 * the WebGPU adapter (features, limits), storage quota, device memory, whether we are online,
 * and which registry models already have their weights cached. Never throws: a missing API is
 * reported as missing, and the recommender keeps working with MF alone.
 */
import type { ModelEntry, ModelRegistry, SelectionInput } from './registry.ts';
import { MODEL_REGISTRY } from './registry.ts';
import { softwareAdapterName } from '../models/software-adapter.ts';

/** The adapter limits WebLLM checks before it loads a model. */
export interface GpuLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxStorageBuffersPerShaderStage: number;
  maxComputeInvocationsPerWorkgroup: number;
}

export interface DeviceCapabilities extends SelectionInput {
  /** isFallbackAdapter: a software adapter (SwiftShader), on which TF.js training measures WASM as far faster. */
  adapter?: { vendor: string; architecture: string; description: string; isFallbackAdapter?: boolean };
  features: string[];
  limits?: GpuLimits;
  /** navigator.storage.estimate(), in bytes. */
  storage?: { usage: number; quota: number };
  online: boolean;
  /** Registry ids whose weights are in the browser's cache. */
  cachedModels: string[];
  /** Why WebGPU is unavailable, when it is. */
  webgpuProblem?: string;
}

/** The parts of `navigator` the probe reads; injectable so the probe can be tested without a browser. */
export interface NavigatorLike {
  gpu?: Pick<GPU, 'requestAdapter'>;
  storage?: Pick<StorageManager, 'estimate'>;
  deviceMemory?: number;
  onLine?: boolean;
}

export interface ProbeOptions {
  navigator?: NavigatorLike;
  registry?: ModelRegistry;
  /** Supplied by src/llm/webllm/model-cache.ts in the page; without it no model counts as cached. */
  isModelCached?: (entry: ModelEntry) => Promise<boolean>;
}

async function probeGpu(gpu: NavigatorLike['gpu']): Promise<Pick<DeviceCapabilities, 'webgpu' | 'shaderF16' | 'features' | 'limits' | 'adapter' | 'maxStorageBufferBindingSize' | 'webgpuProblem'>> {
  const none = { webgpu: false, shaderF16: false, features: [] as string[] };
  if (gpu === undefined) return { ...none, webgpuProblem: 'navigator.gpu is missing: this browser has no WebGPU (or it is disabled)' };
  let adapter: GPUAdapter | null;
  try {
    // Same request as WebLLM's detectGPUDevice, so the answer matches what loading will see.
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { ...none, webgpuProblem: `requestAdapter failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (adapter === null) return { ...none, webgpuProblem: 'no WebGPU adapter (blocklisted GPU or software rendering disabled)' };
  const features = [...adapter.features].map(String).sort();
  const info = (adapter as { info?: GPUAdapterInfo }).info;
  const l = adapter.limits;
  return {
    webgpu: true,
    shaderF16: adapter.features.has('shader-f16'),
    features,
    limits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
    // `adapter.info` arrived in Chrome 127; older WebGPU builds lack it.
    adapter: {
      vendor: info?.vendor ?? '',
      architecture: info?.architecture ?? '',
      description: info?.description ?? '',
      // The same test the TF.js backend chooser applies, so the panel and the choice agree.
      isFallbackAdapter: softwareAdapterName(adapter) !== null,
    },
  };
}

async function probeStorage(storage: NavigatorLike['storage']): Promise<DeviceCapabilities['storage']> {
  if (storage === undefined) return undefined;
  try {
    const { usage, quota } = await storage.estimate();
    return usage === undefined || quota === undefined ? undefined : { usage, quota };
  } catch {
    // Some private modes reject estimate(); the panel then shows "unknown".
    return undefined;
  }
}

export async function probeCapabilities(options: ProbeOptions = {}): Promise<DeviceCapabilities> {
  const nav: NavigatorLike = options.navigator ?? (globalThis.navigator as NavigatorLike | undefined) ?? {};
  const registry = options.registry ?? MODEL_REGISTRY;
  const [gpu, storage] = await Promise.all([probeGpu(nav.gpu), probeStorage(nav.storage)]);
  const cachedModels: string[] = [];
  if (options.isModelCached !== undefined) {
    for (const entry of registry.models) {
      // A failing cache lookup means "not known to be cached", not a broken panel.
      if (await options.isModelCached(entry).catch(() => false)) cachedModels.push(entry.id);
    }
  }
  const capabilities: DeviceCapabilities = { ...gpu, online: nav.onLine ?? true, cachedModels };
  if (storage !== undefined) capabilities.storage = storage;
  if (typeof nav.deviceMemory === 'number') capabilities.deviceMemoryGB = nav.deviceMemory;
  return capabilities;
}

/** Is there room for the model's download? Leaves a 10 % margin because quota estimates are rough. */
export function hasRoomFor(capabilities: DeviceCapabilities, downloadMB: number): boolean | undefined {
  if (capabilities.storage === undefined) return undefined;
  const free = capabilities.storage.quota - capabilities.storage.usage;
  // In tenths, so 1.1 × an exact MiB count does not round above itself.
  return free * 10 >= downloadMB * 2 ** 20 * 11;
}
