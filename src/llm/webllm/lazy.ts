/**
 * Entry points that load WebLLM only when first used. `@mlc-ai/web-llm` is one multi-megabyte
 * module; the page should not pay for it until the user turns the LLM on. Only type imports
 * appear statically here, and those are erased.
 */
import type { LlmEngine } from '../engine.ts';
import type { ModelEntry } from '../registry.ts';
import type { WebLlmEngineOptions } from './webllm-engine.ts';
import type { ModelCacheOptions } from './model-cache.ts';

export async function createWebLlmEngine(options: WebLlmEngineOptions): Promise<LlmEngine> {
  const { WebLlmEngine } = await import('./webllm-engine.ts');
  return new WebLlmEngine(options);
}

/** For `probeCapabilities({ isModelCached })` in the page. */
export async function isWebLlmModelCached(entry: ModelEntry, options: ModelCacheOptions = {}): Promise<boolean> {
  const { isModelCached } = await import('./model-cache.ts');
  return isModelCached(entry, options);
}

export async function deleteWebLlmModel(entry: ModelEntry, options: ModelCacheOptions = {}): Promise<void> {
  const { deleteCachedModel } = await import('./model-cache.ts');
  return deleteCachedModel(entry, options);
}
