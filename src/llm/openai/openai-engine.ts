/**
 * LlmEngine over an OpenAI-compatible HTTP server (llama.cpp `llama-server`, vLLM, Ollama):
 * POST {baseUrl}/chat/completions. Used by the Node CLI and batch augmentation on a server, and
 * from the page when a deployment allows it. Every attempt has a timeout; 429, 5xx and network
 * failures are retried with exponential backoff; the caller's signal and `abort()` stop at once.
 */
import { AbortedError } from '../../errors.ts';
import type { ChatRequest, ChatResponse, LlmEngine } from '../engine.ts';
import type { LongWorkOptions } from '../../progress.ts';
import { LlmBadResponseError, LlmRequestError, LlmTimeoutError } from '../llm-errors.ts';
import { backoffDelayMs, isRetryableStatus, sleep } from './backoff.ts';
import { WireShapeError, fromChatCompletion, serverErrorText, toChatCompletionBody } from './chat-completion-wire.ts';

export interface OpenAiEngineOptions {
  /** Server root such as `http://127.0.0.1:8080/v1`; `/v1` is added when missing. */
  baseUrl: string;
  /** Model name as the server knows it (`llama2:7b-chat` for Ollama, the HF id for vLLM). */
  model: string;
  /** Sent as `Authorization: Bearer …` when given; local servers usually need none. */
  apiKey?: string;
  /** Per attempt, including reading the body. Default 120 000 ms (a 7B model on CPU is slow). */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff delay; doubles each retry. Default 500 ms, capped at `maxBackoffMs` (8 000 ms). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The server's context window in tokens (servers do not report it uniformly). Default 4096. */
  contextWindow?: number;
  /** Injected for tests and for environments with their own fetch. */
  fetch?: typeof fetch;
}

/** Resolves the endpoint URL; exported for the CLI's help text and tests. */
export function chatCompletionsUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (trimmed.endsWith('/chat/completions')) return trimmed;
  return trimmed.endsWith('/v1') ? `${trimmed}/chat/completions` : `${trimmed}/v1/chat/completions`;
}

type Attempt = { kind: 'done'; response: ChatResponse } | { kind: 'retry'; error: LlmRequestError; retryAfter?: string | null };

export class OpenAiHttpEngine implements LlmEngine {
  readonly kind = 'openai-http' as const;
  readonly modelId: string;
  readonly contextWindow: number;
  private readonly url: string;
  private readonly options: Required<Omit<OpenAiEngineOptions, 'apiKey'>> & { apiKey?: string };
  /** Replaced after each abort() so later requests are not born aborted. */
  private stopAll = new AbortController();

  constructor(options: OpenAiEngineOptions) {
    this.options = {
      timeoutMs: 120_000,
      retries: 3,
      backoffMs: 500,
      maxBackoffMs: 8_000,
      contextWindow: 4096,
      fetch: globalThis.fetch.bind(globalThis),
      ...options,
    };
    this.modelId = options.model;
    this.contextWindow = this.options.contextWindow;
    this.url = chatCompletionsUrl(options.baseUrl);
  }

  /** Nothing to download: checks that the server answers `GET /models`, so a wrong URL fails early. */
  async load(options: LongWorkOptions = {}): Promise<void> {
    options.onProgress?.({ phase: `contacting ${this.url}`, done: 0, total: 1 });
    const modelsUrl = this.url.replace(/\/chat\/completions$/, '/models');
    const stops = this.stopSignals(options.signal);
    const { signal, timeout } = this.attemptSignal(stops);
    try {
      const response = await this.options.fetch(modelsUrl, { headers: this.headers(), signal });
      const text = await response.text();
      // 404: some servers have no /models; a wrong base URL then shows up on the first chat.
      if (!response.ok && !isRetryableStatus(response.status) && response.status !== 404) {
        throw this.httpError(response.status, `GET ${modelsUrl}`, text);
      }
    } catch (error) {
      throw this.fetchFailure(error, stops, timeout, `GET ${modelsUrl}`);
    }
    options.onProgress?.({ phase: `connected to ${this.url}`, done: 1, total: 1 });
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const body = JSON.stringify(toChatCompletionBody(this.options.model, request));
    // Taken once: abort() replaces `stopAll`, and this call must still see that it was stopped.
    const stops = this.stopSignals(request.signal);
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.attempt(body, stops);
      if (outcome.kind === 'done') return outcome.response;
      if (attempt >= this.options.retries) {
        if (attempt === 0) throw outcome.error;
        const { message, status, cause } = outcome.error;
        throw new LlmRequestError(`${message} (gave up after ${attempt + 1} attempts)`, status, { cause: cause ?? outcome.error });
      }
      const delay = backoffDelayMs(attempt, this.options.backoffMs, this.options.maxBackoffMs, outcome.retryAfter);
      await sleep(delay, AbortSignal.any(stops), 'The LLM request');
    }
  }

  abort(): void {
    this.stopAll.abort(new AbortedError('The LLM request'));
    this.stopAll = new AbortController();
  }

  async unload(): Promise<void> {
    this.abort();
  }

  private async attempt(body: string, stops: AbortSignal[]): Promise<Attempt> {
    const what = `POST ${this.url}`;
    const { signal, timeout } = this.attemptSignal(stops);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.options.fetch(this.url, { method: 'POST', headers: this.headers(), body, signal });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      const failure = this.fetchFailure(error, stops, timeout, what);
      if (failure instanceof LlmRequestError) return { kind: 'retry', error: failure };
      throw failure;
    }
    if (status < 200 || status > 299) {
      const error = this.httpError(status, what, text);
      if (isRetryableStatus(status)) return { kind: 'retry', error, retryAfter };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new LlmBadResponseError(what, `the body is not JSON: ${JSON.stringify(text.slice(0, 80))}`, { cause });
    }
    try {
      return { kind: 'done', response: fromChatCompletion(json) };
    } catch (cause) {
      if (cause instanceof WireShapeError) throw new LlmBadResponseError(what, cause.message, { cause });
      throw cause;
    }
  }

  /** What may stop a call: `abort()` (the controller current at the call's start) and the caller's signal. */
  private stopSignals(callerSignal: AbortSignal | undefined): AbortSignal[] {
    return callerSignal === undefined ? [this.stopAll.signal] : [this.stopAll.signal, callerSignal];
  }

  private attemptSignal(stops: AbortSignal[]): { signal: AbortSignal; timeout: AbortSignal } {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    return { signal: AbortSignal.any([...stops, timeout]), timeout };
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey !== undefined) headers.authorization = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  /** A fetch that threw: cancelled by us or the caller, timed out, or a network failure (retryable). */
  private fetchFailure(error: unknown, stops: AbortSignal[], timeout: AbortSignal, what: string): Error {
    if (error instanceof LlmRequestError) return error;
    if (stops.some((s) => s.aborted)) return new AbortedError('The LLM request', { cause: error });
    if (timeout.aborted) return new LlmTimeoutError(what, this.options.timeoutMs, { cause: error });
    // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is its cause.
    const reason = error instanceof Error
      ? error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message
      : String(error);
    return new LlmRequestError(
      `${what} failed before the server answered (${reason}). ` +
        'Check that the server is running and the base URL is right (e.g. http://127.0.0.1:8080/v1 for llama.cpp, ' +
        'http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:8000/v1 for vLLM).',
      undefined,
      { cause: error },
    );
  }

  private httpError(status: number, what: string, body: string): LlmRequestError {
    const detail = body === '' ? '' : `: ${serverErrorText(body)}`;
    const advice =
      status === 401 || status === 403
        ? 'Check the API key.'
        : status === 404
          ? `Check the base URL and that the server knows the model "${this.options.model}".`
          : isRetryableStatus(status)
            ? 'The server is overloaded or failing; try again later or lower the request rate.'
            : 'The server rejected the request; check the model name and options.';
    return new LlmRequestError(`${what} answered HTTP ${status}${detail}. ${advice}`, status);
  }
}
