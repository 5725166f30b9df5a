/**
 * LlmEngine over WebLLM, with the engine in a module Web Worker (llm-worker.ts). Loads with
 * progress and cancellation, passes logprobs/top_logprobs, runs one request at a time (WebLLM
 * serves one per model), interrupts generation on abort, and turns every WebLLM failure into a
 * typed error (classify-error.ts) whose `cause` is WebLLM's own.
 */
import { WebWorkerMLCEngine, type InitProgressReport } from '@mlc-ai/web-llm';
import { AbortedError, throwIfAborted } from '../../errors.ts';
import type { ChatRequest, ChatResponse, LlmEngine } from '../engine.ts';
import type { LongWorkOptions } from '../../progress.ts';
import { MODEL_REGISTRY, resolveModelUrls, type ModelEntry, type ModelHost, type ModelRegistry } from '../registry.ts';
import { ModelLoadError } from '../llm-errors.ts';
import { fromChatCompletion, toChatCompletionBody } from '../openai/chat-completion-wire.ts';
import { toAppConfig, toModelRecord, type WebLlmCacheBackend } from './app-config.ts';
import { classifyWebLlmError } from './classify-error.ts';
import { isModelCached } from './model-cache.ts';
import { SerialQueue } from './serial-queue.ts';

/** WebLLM accepts top_logprobs in [0, 5]. */
export const WEBLLM_MAX_TOP_LOGPROBS = 5;

export interface WebLlmEngineOptions {
  entry: ModelEntry;
  host?: ModelHost;
  registry?: ModelRegistry;
  cacheBackend?: WebLlmCacheBackend;
  /** Base for relative self-hosted URLs; default: the page's URL. */
  pageUrl?: string;
  /**
   * Default: the package's module worker (src/workers/llm-worker.ts). An app whose bundler does not
   * bundle `new Worker(new URL(…, import.meta.url))` passes its own, from a file that imports
   * 'llama4rec-web/llm-worker'; tests pass an instrumented one.
   */
  createWorker?: () => Worker;
}

/** The URL names the built file ('.js'): Vite resolves it to llm-worker.ts in this repository. */
export function createLlmWorker(): Worker {
  return new Worker(new URL('../../workers/llm-worker.js', import.meta.url), { type: 'module', name: 'l4r-llm' });
}

function toProgress(report: InitProgressReport) {
  // WebLLM reports a 0..1 fraction; done/total in per-mille keeps it an integer count.
  return { phase: report.text, done: Math.round(report.progress * 1000), total: 1000 };
}

export class WebLlmEngine implements LlmEngine {
  readonly kind = 'webllm' as const;
  readonly modelId: string;
  readonly contextWindow: number;
  private readonly options: WebLlmEngineOptions;
  private readonly queue = new SerialQueue();
  private worker: Worker | undefined;
  private engine: WebWorkerMLCEngine | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;

  constructor(options: WebLlmEngineOptions) {
    this.options = options;
    this.modelId = options.entry.id;
    this.contextWindow = options.entry.contextWindow;
  }

  private get pageUrl(): string {
    return this.options.pageUrl ?? globalThis.location.href;
  }

  /** The URLs WebLLM will be asked for, for the device panel and the tests. */
  get urls(): { weights: string; modelLib: string } {
    return resolveModelUrls(this.options.entry, this.options.host ?? { kind: 'registry' }, this.pageUrl, this.registry);
  }

  private get registry(): ModelRegistry {
    return this.options.registry ?? MODEL_REGISTRY;
  }

  /** A second load() while one runs joins it (with the first call's signal and progress) rather than starting a second worker. */
  load(options: LongWorkOptions = {}): Promise<void> {
    throwIfAborted(options.signal, 'Loading the model');
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.loadOnce(options).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadOnce(options: LongWorkOptions): Promise<void> {
    const record = toModelRecord(this.options.entry, this.options.host ?? { kind: 'registry' }, this.pageUrl, this.registry);
    const appConfig = toAppConfig([record], this.options.cacheBackend);
    const worker = (this.options.createWorker ?? createLlmWorker)();
    this.worker = worker;
    const engine = new WebWorkerMLCEngine(worker, {
      appConfig,
      initProgressCallback: (report) => options.onProgress?.(toProgress(report)),
    });
    this.engine = engine;
    try {
      await this.untilAborted(engine.reload(this.modelId), options.signal);
      this.loaded = true;
    } catch (error) {
      this.dispose();
      if (error instanceof AbortedError) throw error;
      throw classifyWebLlmError(error, {
        modelId: this.modelId,
        phase: 'load',
        weightsUrl: record.model,
        online: globalThis.navigator?.onLine ?? true,
        cached: await isModelCached(this.options.entry, this.cacheOptions()).catch(() => false),
      });
    }
  }

  chat(request: ChatRequest): Promise<ChatResponse> {
    return this.queue.run(async () => {
      const engine = this.engine;
      if (!this.loaded || engine === undefined) {
        throw new ModelLoadError(this.modelId, 'the model is not loaded; call load() first (the model manager does this)');
      }
      const body = toChatCompletionBody(this.modelId, {
        ...request,
        topLogprobs: request.topLogprobs === undefined ? undefined : Math.min(request.topLogprobs, WEBLLM_MAX_TOP_LOGPROBS),
      });
      // WebLLM stops at interruptGenerate() and returns what it has with finish_reason 'abort'.
      const onAbort = (): void => engine.interruptGenerate();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        throwIfAborted(request.signal, 'The LLM request');
        const completion = await engine.chat.completions.create({ ...body, stream: false });
        return fromChatCompletion(completion);
      } catch (error) {
        if (error instanceof AbortedError) throw error;
        const mapped = classifyWebLlmError(error, {
          modelId: this.modelId,
          phase: 'chat',
          weightsUrl: this.urls.weights,
          online: globalThis.navigator?.onLine ?? true,
          cached: true,
        });
        // WebLLM unloads after losing the device; a later load() must start a fresh worker.
        if (mapped.code === 'DEVICE_LOST') this.dispose();
        throw mapped;
      } finally {
        request.signal?.removeEventListener('abort', onAbort);
      }
    }, request.signal);
  }

  abort(): void {
    this.engine?.interruptGenerate();
  }

  async unload(): Promise<void> {
    const engine = this.engine;
    if (engine !== undefined && this.loaded) await engine.unload().catch(() => undefined);
    this.dispose();
  }

  private cacheOptions() {
    const options: Parameters<typeof isModelCached>[1] = { pageUrl: this.pageUrl, registry: this.registry };
    if (this.options.host !== undefined) options.host = this.options.host;
    if (this.options.cacheBackend !== undefined) options.cacheBackend = this.options.cacheBackend;
    return options;
  }

  /** Loading cannot be interrupted inside WebLLM reliably, so an abort ends the worker itself. */
  private untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal === undefined) return work;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new AbortedError('Loading the model', { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.engine = undefined;
    this.loaded = false;
  }
}
