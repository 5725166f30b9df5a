/**
 * A decorator over any LlmEngine that answers repeated requests from an AnswerCache, keyed by
 * (model id, full request). Identical requests that arrive while the first is still running
 * share its answer, so nothing is asked twice even under concurrency. Aborted answers are never
 * stored: they are partial.
 */
import type { ChatRequest, ChatResponse, LlmEngine } from './engine.ts';
import type { LongWorkOptions } from '../progress.ts';
import { answerKey, canonicalRequest, type AnswerCache } from './answer-cache.ts';

export class CachedLlmEngine implements LlmEngine {
  hits = 0;
  misses = 0;
  private readonly inFlight = new Map<string, Promise<ChatResponse>>();

  constructor(
    readonly inner: LlmEngine,
    private readonly cache: AnswerCache,
    private readonly now: () => number = Date.now,
  ) {}

  get kind(): LlmEngine['kind'] {
    return this.inner.kind;
  }
  get modelId(): string {
    return this.inner.modelId;
  }
  get contextWindow(): number {
    return this.inner.contextWindow;
  }

  load(options?: LongWorkOptions): Promise<void> {
    return this.inner.load(options);
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const key = await answerKey(this.inner.modelId, request);
    const cached = await this.cache.get(key);
    if (cached !== undefined) {
      this.hits += 1;
      return cached.response;
    }
    const shared = this.inFlight.get(key);
    if (shared !== undefined) {
      this.hits += 1;
      const response = await shared;
      // The first asker aborted; this one did not, so it still deserves a whole answer.
      if (response.finishReason === 'abort' && !request.signal?.aborted) return this.chat(request);
      return response;
    }
    this.misses += 1;
    const running = this.askAndStore(key, request);
    this.inFlight.set(key, running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async askAndStore(key: string, request: ChatRequest): Promise<ChatResponse> {
    const response = await this.inner.chat(request);
    if (response.finishReason !== 'abort') {
      await this.cache.put(key, {
        model: this.inner.modelId,
        prompt: canonicalRequest(request),
        response,
        createdAt: this.now(),
      });
    }
    return response;
  }

  abort(): void {
    this.inner.abort();
  }

  unload(): Promise<void> {
    return this.inner.unload();
  }
}
