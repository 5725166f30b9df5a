/**
 * The one port through which the recommender talks to a language model.
 * Adapters: WebLLM in a Web Worker (src/llm/webllm/), OpenAI-compatible HTTP
 * (llama.cpp server, vLLM, Ollama), and test doubles (named as such, never shown as an LLM).
 */
import type { LongWorkOptions } from '../progress.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  /** Ask for the top-N alternatives of each generated token (WebLLM needs > 0 to return logprobs at all). */
  topLogprobs?: number;
  signal?: AbortSignal;
}

export interface TokenAlternative {
  token: string;
  logprob: number;
}

export interface TokenLogprob extends TokenAlternative {
  top: TokenAlternative[];
}

export interface ChatResponse {
  text: string;
  /** Per generated token, when the engine offers logprobs. */
  logprobs?: TokenLogprob[];
  finishReason: 'stop' | 'length' | 'abort' | 'other';
  usage?: { promptTokens: number; completionTokens: number };
}

export type EngineKind = 'webllm' | 'openai-http' | 'test-double';

export interface LlmEngine {
  readonly kind: EngineKind;
  readonly modelId: string;
  /** Context window in tokens (prompt + answer), used to trim histories. */
  readonly contextWindow: number;
  /** Loads (downloads if needed) the model, reporting progress. */
  load(options?: LongWorkOptions): Promise<void>;
  chat(request: ChatRequest): Promise<ChatResponse>;
  /** Stops the request in flight, if any. */
  abort(): void;
  unload(): Promise<void>;
}
