/**
 * The real WebLLM adapter in headless Chromium (real WebGPU on SwiftShader, no shader-f16, no
 * internet, no weights). The worker starts, WebLLM is created with the registry's config, and
 * with no weights reachable the load fails with a typed error; the URLs WebLLM asked for (seen
 * by an instrumented copy of the worker) are exactly the ones the registry implies. The
 * instrumented worker fails every request to another origin, so no test ever downloads weights.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebLlmEngine } from './webllm-engine.ts';
import { FETCH_LOG_CHANNEL } from '../../../tests/fixtures/webllm/fetch-recorder.ts';
import { createWebLlmEngine, isWebLlmModelCached } from './lazy.ts';
import { probeCapabilities } from '../capabilities.ts';
import { findModel, resolveModelUrls, selectModel } from '../registry.ts';
import { RecError } from '../../errors.ts';
import type { Progress } from '../../progress.ts';

interface Seen {
  via: 'fetch' | 'cache.add';
  url: string;
}

let seen: Seen[] = [];
let channel: BroadcastChannel | undefined;

const recordingWorker = () =>
  new Worker(new URL('../../../tests/fixtures/webllm/recording-llm-worker.ts', import.meta.url), { type: 'module' });

async function clearWebLlmCaches(): Promise<void> {
  for (const name of await caches.keys()) if (name.startsWith('webllm')) await caches.delete(name);
}

/** BroadcastChannel delivery is asynchronous: wait until `count` URLs arrived (bounded). */
async function urlsSeen(count: number): Promise<Seen[]> {
  for (let i = 0; i < 100 && seen.length < count; i += 1) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100));
  return seen;
}

beforeEach(async () => {
  await clearWebLlmCaches();
  seen = [];
  channel = new BroadcastChannel(FETCH_LOG_CHANNEL);
  channel.onmessage = (event: MessageEvent<Seen>) => seen.push(event.data);
});

afterEach(async () => {
  channel?.close();
  await clearWebLlmCaches();
});

describe('WebLlmEngine in headless Chromium', () => {
  it('selects the variant for this GPU and fails with MODEL_NOT_CACHED when the weights host has nothing', async () => {
    const caps = await probeCapabilities({ isModelCached: (entry) => isWebLlmModelCached(entry) });
    expect(caps.webgpu).toBe(true);
    const { entry } = selectModel(caps);
    // This machine's SwiftShader adapter has no shader-f16, so the registry must give the f32 build.
    expect(entry.quantization).toBe(caps.shaderF16 ? 'q4f16_1' : 'q4f32_1');
    expect(entry.family).toBe('llama-2-7b-chat');
    expect(caps.cachedModels).toEqual([]);

    const host = { kind: 'self-hosted' as const, baseUrl: `${location.origin}/__l4r_no_models__/` };
    const engine = new WebLlmEngine({ entry, host, createWorker: recordingWorker });
    const progress: Progress[] = [];
    const failure = await engine.load({ onProgress: (p) => progress.push(p) }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(RecError);
    expect(failure).toMatchObject({ code: 'MODEL_NOT_CACHED', name: 'ModelNotCachedError' });
    expect((failure as Error).message).toMatch(/load the model once/);
    // WebLLM's own error survives the worker boundary with its name, as the cause.
    expect((failure as Error).cause).toBeInstanceOf(Error);

    const urls = resolveModelUrls(entry, host, location.href);
    expect(urls.weights).toBe(`${location.origin}/__l4r_no_models__/${entry.id}/resolve/main/`);
    expect(await urlsSeen(1)).toEqual([{ via: 'cache.add', url: `${urls.weights}mlc-chat-config.json` }]);
    await engine.unload();
  });

  it('reads a self-hosted config, then asks for the pinned model library and fails with MODEL_LOAD_FAILED', async () => {
    const entry = findModel('Llama-2-7b-chat-hf-q4f32_1-MLC');
    const host = { kind: 'self-hosted' as const, baseUrl: new URL('../../../tests/fixtures/webllm/self-hosted/', import.meta.url).href };
    const engine = new WebLlmEngine({ entry, host, createWorker: recordingWorker });
    const failure = await engine.load().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'MODEL_LOAD_FAILED', name: 'ModelLoadError' });

    const urls = resolveModelUrls(entry, host, location.href);
    // The model library keeps the file name of WebLLM 0.2.86's prebuilt build.
    expect(urls.modelLib.endsWith('/libs/Llama-2-7b-chat-hf-q4f32_1_cs1k-webgpu.wasm')).toBe(true);
    const requested = (await urlsSeen(2)).map((s) => s.url);
    expect(requested).toEqual([`${urls.weights}mlc-chat-config.json`, urls.modelLib]);
  });

  it('with the default registry host (Hugging Face) and no network, asks for exactly the registry URL', async () => {
    // The recorder fails every request to another origin, as offline: hermetic on any machine.
    const entry = findModel('Llama-2-7b-chat-hf-q4f32_1-MLC');
    const engine = new WebLlmEngine({ entry, createWorker: recordingWorker });
    const failure = await engine.load().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'MODEL_NOT_CACHED' });
    expect((await urlsSeen(1)).map((s) => s.url)).toEqual([
      'https://huggingface.co/mlc-ai/Llama-2-7b-chat-hf-q4f32_1-MLC/resolve/main/mlc-chat-config.json',
    ]);
  });

  it('loaded lazily, starts the production worker (src/workers/llm-worker.ts) and gets the same typed error', async () => {
    const host = { kind: 'self-hosted' as const, baseUrl: `${location.origin}/__l4r_no_models__/` };
    const engine = await createWebLlmEngine({ entry: findModel('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'), host });
    expect(engine.kind).toBe('webllm');
    await expect(engine.load()).rejects.toMatchObject({ code: 'MODEL_NOT_CACHED', name: 'ModelNotCachedError' });
  });

  it('rejects chat before load with a typed error', async () => {
    const engine = new WebLlmEngine({ entry: findModel('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'), createWorker: recordingWorker });
    await expect(engine.chat({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });

  it('cancels a load: the worker is stopped and the caller gets ABORTED', async () => {
    const host = { kind: 'self-hosted' as const, baseUrl: `${location.origin}/__l4r_no_models__/` };
    const engine = new WebLlmEngine({ entry: findModel('Llama-2-7b-chat-hf-q4f32_1-MLC'), host, createWorker: recordingWorker });
    const controller = new AbortController();
    const loading = engine.load({ signal: controller.signal });
    controller.abort();
    await expect(loading).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
