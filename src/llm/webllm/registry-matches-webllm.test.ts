/**
 * models/registry.json copies figures from WebLLM's prebuiltAppConfig; this keeps the copy honest
 * against the pinned package, so bumping WebLLM without updating the registry fails here.
 */
import { describe, expect, it } from 'vitest';
import { modelLibURLPrefix, modelVersion, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { MODEL_REGISTRY, resolveModelUrls } from '../registry.ts';
import { toAppConfig, toModelRecord } from './app-config.ts';
import webllmPackage from '@mlc-ai/web-llm/package.json' with { type: 'json' };

describe('models/registry.json against @mlc-ai/web-llm', () => {
  it('names the pinned WebLLM version and its model-library folder', () => {
    expect(MODEL_REGISTRY.webllmVersion).toBe(webllmPackage.version);
    expect(MODEL_REGISTRY.modelLibBaseUrl).toBe(`${modelLibURLPrefix}${modelVersion}/`);
  });

  it.each(MODEL_REGISTRY.models.map((m) => [m.id, m] as const))('%s matches the prebuilt record', (id, entry) => {
    const prebuilt = prebuiltAppConfig.model_list.find((r) => r.model_id === id);
    expect(prebuilt, `${id} is not in WebLLM's prebuiltAppConfig`).toBeDefined();
    const ours = toModelRecord(entry, { kind: 'registry' }, 'https://app.example/');
    expect(ours.model).toBe(`${prebuilt!.model}/resolve/main/`);
    expect(ours.model_lib).toBe(prebuilt!.model_lib);
    expect(ours.vram_required_MB).toBe(prebuilt!.vram_required_MB);
    expect(ours.overrides?.context_window_size).toBe(prebuilt!.overrides?.context_window_size);
    expect(ours.required_features ?? []).toEqual(prebuilt!.required_features ?? []);
  });

  it('builds a 0.2.86 AppConfig with absolute URLs and the chosen cache backend', () => {
    const entry = MODEL_REGISTRY.models[1]!;
    const host = { kind: 'self-hosted' as const, baseUrl: 'models/' };
    const config = toAppConfig([toModelRecord(entry, host, 'https://app.example/x/')], 'indexeddb');
    expect(config).toEqual({
      cacheBackend: 'indexeddb',
      model_list: [
        {
          model: resolveModelUrls(entry, host, 'https://app.example/x/').weights,
          model_id: entry.id,
          model_lib: `https://app.example/x/models/libs/${entry.modelLib}`,
          vram_required_MB: entry.vramMB,
          overrides: { context_window_size: entry.contextWindow },
        },
      ],
    });
    expect(config.model_list[0]!.model).toBe(`https://app.example/x/models/${entry.id}/resolve/main/`);
  });
});
