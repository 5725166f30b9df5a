/**
 * Registry entry → WebLLM's ModelRecord and AppConfig (0.2.86 shapes: `cacheBackend` replaced the
 * older `useIndexedDBCache` flag inside 0.2.8x). All URLs are absolute: WebLLM resolves a
 * relative `model` against the page but fetches a relative `model_lib` without caching it.
 */
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { resolveModelUrls, type ModelEntry, type ModelHost, type ModelRegistry, MODEL_REGISTRY } from '../registry.ts';

/** 'cache' is the Cache API (WebLLM's best-tested backend); 'indexeddb' suits browsers whose Cache API is limited. */
export type WebLlmCacheBackend = 'cache' | 'indexeddb';

export function toModelRecord(
  entry: ModelEntry,
  host: ModelHost,
  pageUrl: string,
  registry: ModelRegistry = MODEL_REGISTRY,
): ModelRecord {
  const urls = resolveModelUrls(entry, host, pageUrl, registry);
  const record: ModelRecord = {
    model: urls.weights,
    model_id: entry.id,
    model_lib: urls.modelLib,
    vram_required_MB: entry.vramMB,
    overrides: { context_window_size: entry.contextWindow },
  };
  if (entry.requiredFeatures.length > 0) record.required_features = [...entry.requiredFeatures];
  return record;
}

export function toAppConfig(records: ModelRecord[], cacheBackend: WebLlmCacheBackend = 'cache'): AppConfig {
  return { model_list: records, cacheBackend };
}
