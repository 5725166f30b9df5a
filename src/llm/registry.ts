/**
 * The LLM model registry (models/registry.json) and the choice of a model for a device.
 * Plain data: no WebLLM import here (src/llm/webllm/ turns an entry into WebLLM's ModelRecord).
 * Weights come from Hugging Face by default, or from a self-hosted copy (models/README.md), and
 * every URL handed to WebLLM is absolute, because WebLLM rejects relative ones.
 */
import registryJson from '../../models/registry.json' with { type: 'json' };
import { ShaderF16UnavailableError, WebGpuUnavailableError, ModelUnknownError } from './llm-errors.ts';

export type Quantization = 'q4f16_1' | 'q4f32_1';

export interface ModelEntry {
  /** WebLLM's model_id; also the model id in cache keys and results. */
  id: string;
  family: string;
  label: string;
  /** Hugging Face repository URL (or any URL) of the MLC-compiled weights. */
  weights: string;
  /** File name under `modelLibBaseUrl`, or an absolute URL (a self-compiled library). */
  modelLib: string;
  quantization: Quantization;
  parameters: number;
  /** Context window in tokens, prompt plus answer. */
  contextWindow: number;
  /** GPU memory needed, from WebLLM's prebuiltAppConfig. */
  vramMB: number;
  requiredFeatures: string[];
}

export interface ModelRegistry {
  webllmVersion: string;
  modelLibBaseUrl: string;
  source: string;
  models: ModelEntry[];
}

export const MODEL_REGISTRY: ModelRegistry = registryJson as ModelRegistry;

export const DEFAULT_FAMILY = 'llama-2-7b-chat';

/** WebLLM warns below 1 GiB of maxStorageBufferBindingSize that only "-1k" models may work. */
export const TIGHT_STORAGE_BUFFER_BYTES = 2 ** 30;

export function findModel(id: string, registry: ModelRegistry = MODEL_REGISTRY): ModelEntry {
  const entry = registry.models.find((m) => m.id === id);
  if (entry === undefined) throw new ModelUnknownError(id, registry.models.map((m) => m.id));
  return entry;
}

/** Adds (or replaces, by id) entries, e.g. a fine-tuned model; the input registry is left alone. */
export function withModels(registry: ModelRegistry, extra: readonly ModelEntry[]): ModelRegistry {
  const ids = new Set(extra.map((m) => m.id));
  return { ...registry, models: [...registry.models.filter((m) => !ids.has(m.id)), ...extra] };
}

/**
 * Download size estimate: 4-bit weights plus one scale per group of 32 (f16 → 4.5 bits per
 * parameter, f32 → 5 bits). An estimate from the parameter count, not a measured file size.
 */
export function estimateDownloadMB(entry: ModelEntry): number {
  const bitsPerParameter = entry.quantization === 'q4f16_1' ? 4.5 : 5;
  return Math.round((entry.parameters * bitsPerParameter) / 8 / 2 ** 20);
}

export function needsShaderF16(entry: ModelEntry): boolean {
  return entry.requiredFeatures.includes('shader-f16') || entry.quantization.includes('f16');
}

/** What the choice needs to know about the device (DeviceCapabilities from capabilities.ts fits). */
export interface SelectionInput {
  webgpu: boolean;
  shaderF16: boolean;
  maxStorageBufferBindingSize?: number;
  /** navigator.deviceMemory in GiB: coarse, and capped (at 8 in most Chrome versions). */
  deviceMemoryGB?: number;
}

/** 'default' is the paper's LLaMA-2 7B chat; 'small' Llama-3.2-1B; 'tiny' Qwen2.5-0.5B; or an exact id. */
export type ModelPreference = 'default' | 'small' | 'tiny' | { id: string };

const FAMILY_OF = { default: DEFAULT_FAMILY, small: 'llama-3.2-1b-instruct', tiny: 'qwen2.5-0.5b-instruct' } as const;

export interface ModelSelection {
  entry: ModelEntry;
  /** Why this variant, in words for the device panel. */
  reasons: string[];
}

/** Picks the registry entry for this device. Throws a typed error when no variant can run. */
export function selectModel(
  device: SelectionInput,
  preference: ModelPreference = 'default',
  registry: ModelRegistry = MODEL_REGISTRY,
): ModelSelection {
  if (!device.webgpu) throw new WebGpuUnavailableError();
  if (typeof preference === 'object') {
    const entry = findModel(preference.id, registry);
    if (needsShaderF16(entry) && !device.shaderF16) throw new ShaderF16UnavailableError(entry.id);
    return { entry, reasons: [`chosen explicitly: ${entry.id}`] };
  }
  const reasons: string[] = [];
  const quantization: Quantization = device.shaderF16 ? 'q4f16_1' : 'q4f32_1';
  reasons.push(device.shaderF16 ? 'the GPU offers shader-f16: f16 variant' : 'no shader-f16 on this GPU: f32 variant');
  const tightBuffers =
    device.maxStorageBufferBindingSize !== undefined && device.maxStorageBufferBindingSize < TIGHT_STORAGE_BUFFER_BYTES;
  // deviceMemory is coarse and often capped at 8, so only a value below 8 says anything.
  const lowMemory = device.deviceMemoryGB !== undefined && device.deviceMemoryGB < 8;
  if (tightBuffers) reasons.push('maxStorageBufferBindingSize below 1 GiB: smallest context variant');
  if (lowMemory) reasons.push(`only ${device.deviceMemoryGB} GiB of device memory: smallest context variant`);
  const candidates = registry.models
    .filter((m) => m.family === FAMILY_OF[preference] && m.quantization === quantization)
    // Largest context first; tight devices take the smallest.
    .sort((a, b) => b.contextWindow - a.contextWindow);
  const entry = tightBuffers || lowMemory ? candidates.at(-1) : candidates[0];
  if (entry === undefined) {
    throw new ModelUnknownError(`${FAMILY_OF[preference]} (${quantization})`, registry.models.map((m) => m.id));
  }
  return { entry, reasons };
}

/** Where the weights come from: the entry's own URLs (Hugging Face for the built-in ones) or a self-hosted copy. */
export type ModelHost = { kind: 'registry' } | { kind: 'self-hosted'; baseUrl: string };

export interface ResolvedModelUrls {
  /** Absolute, ending in `/resolve/main/` as WebLLM expects (it appends that when missing). */
  weights: string;
  modelLib: string;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Absolute URLs for an entry. Self-hosted layout (models/README.md):
 *   <baseUrl>/<model id>/resolve/main/{mlc-chat-config.json, tensor-cache.json, params_shard_*.bin, tokenizer.*}
 *   <baseUrl>/libs/<model lib>.wasm
 * `pageUrl` resolves a relative `baseUrl` (e.g. "./models/") against the page.
 */
export function resolveModelUrls(
  entry: ModelEntry,
  host: ModelHost,
  pageUrl: string,
  registry: ModelRegistry = MODEL_REGISTRY,
): ResolvedModelUrls {
  const libIsUrl = /^[a-z]+:\/\//i.test(entry.modelLib);
  if (host.kind === 'registry') {
    const weights = withSlash(new URL(entry.weights, pageUrl).href);
    return {
      // Same rule as WebLLM's cleanModelUrl: a URL without /resolve/<branch>/ gets /resolve/main/.
      weights: /.+\/resolve\/.+\//.test(weights) ? weights : `${weights}resolve/main/`,
      modelLib: libIsUrl ? entry.modelLib : new URL(entry.modelLib, registry.modelLibBaseUrl).href,
    };
  }
  const base = new URL(withSlash(host.baseUrl), pageUrl);
  return {
    weights: new URL(`${encodeURIComponent(entry.id)}/resolve/main/`, base).href,
    modelLib: libIsUrl ? entry.modelLib : new URL(`libs/${entry.modelLib}`, base).href,
  };
}
