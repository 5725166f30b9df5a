/**
 * Where LLM answers are kept so that nothing is asked twice. Two implementations: in memory (Node
 * CLI, tests) and over the store's IndexedDB `llmCache` object store (the page). The key is
 * derived from the model id and the full request by `answerKey`.
 */
import type { ChatRequest, ChatResponse } from './engine.ts';
import type { LlmCacheRecord } from '../data/db.ts';
import type { NewLlmCacheRecord } from '../data/serving-store.ts';

export interface CachedAnswer {
  model: string;
  /** The canonical request text (see `canonicalRequest`), kept so a person can read what was asked. */
  prompt: string;
  response: ChatResponse;
  createdAt: number;
}

export interface AnswerCache {
  get(key: string): Promise<CachedAnswer | undefined>;
  put(key: string, value: CachedAnswer): Promise<void>;
}

/**
 * Everything that changes the answer, in a fixed key order; the signal does not. Defaults are
 * spelled out so `{}` and `{ temperature: undefined }` give the same text.
 */
export function canonicalRequest(request: ChatRequest): string {
  return JSON.stringify({
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    maxTokens: request.maxTokens ?? null,
    temperature: request.temperature ?? null,
    topLogprobs: request.topLogprobs ?? null,
  });
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `<model id>:<sha-256 of the canonical request>`; the model id stays readable for clearing per model. */
export async function answerKey(modelId: string, request: ChatRequest): Promise<string> {
  return `${modelId}:${await sha256Hex(canonicalRequest(request))}`;
}

export class MemoryAnswerCache implements AnswerCache {
  private readonly entries = new Map<string, CachedAnswer>();

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const hit = this.entries.get(key);
    return hit === undefined ? undefined : structuredClone(hit);
  }

  async put(key: string, value: CachedAnswer): Promise<void> {
    this.entries.set(key, structuredClone(value));
  }
}

/**
 * The two calls this cache needs from the store: a store bound to one dataset
 * (src/data/bound-store.ts) has both, and keeps each answer with the dataset its prompt was built
 * from (an answer of another dataset is refused, DATASET_MISMATCH).
 */
export interface LlmCacheBackend {
  getCachedAnswer(key: string): Promise<LlmCacheRecord | undefined>;
  putCachedAnswer(record: NewLlmCacheRecord): Promise<void>;
}

function isChatResponse(value: unknown): value is ChatResponse {
  return typeof value === 'object' && value !== null && typeof (value as ChatResponse).text === 'string'
    && typeof (value as ChatResponse).finishReason === 'string';
}

/** AnswerCache over the store's IndexedDB `llmCache` records `{ key, model, prompt, answer, createdAt }`. */
export class StoreAnswerCache implements AnswerCache {
  constructor(private readonly backend: LlmCacheBackend) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const record = await this.backend.getCachedAnswer(key);
    // A record written by an older version with another answer shape is a miss, not a crash.
    if (record === undefined || !isChatResponse(record.answer)) return undefined;
    return { model: record.model, prompt: record.prompt, response: record.answer, createdAt: record.createdAt };
  }

  async put(key: string, value: CachedAnswer): Promise<void> {
    await this.backend.putCachedAnswer({ key, model: value.model, prompt: value.prompt, answer: value.response, createdAt: value.createdAt });
  }
}
