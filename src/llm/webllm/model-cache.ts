/**
 * Whether a model's weights are in the browser's cache, and removing them. Page-side calls into
 * WebLLM's cache utilities (they read the same Cache API / IndexedDB the worker writes).
 */
import { deleteModelAllInfoInCache, hasModelInCache } from '@mlc-ai/web-llm';
import type { ModelEntry, ModelHost, ModelRegistry } from '../registry.ts';
import { toAppConfig, toModelRecord, type WebLlmCacheBackend } from './app-config.ts';

export interface ModelCacheOptions {
  host?: ModelHost;
  pageUrl?: string;
  registry?: ModelRegistry;
  cacheBackend?: WebLlmCacheBackend;
}

function appConfigFor(entry: ModelEntry, options: ModelCacheOptions) {
  const pageUrl = options.pageUrl ?? globalThis.location.href;
  return toAppConfig([toModelRecord(entry, options.host ?? { kind: 'registry' }, pageUrl, options.registry)], options.cacheBackend);
}

export function isModelCached(entry: ModelEntry, options: ModelCacheOptions = {}): Promise<boolean> {
  return hasModelInCache(entry.id, appConfigFor(entry, options));
}

export function deleteCachedModel(entry: ModelEntry, options: ModelCacheOptions = {}): Promise<void> {
  return deleteModelAllInfoInCache(entry.id, appConfigFor(entry, options));
}
