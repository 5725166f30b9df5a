/**
 * The OpenAI `/v1/chat/completions` wire format, both ways: our ChatRequest → request body, and a
 * parsed JSON response → ChatResponse, checking every field we rely on (servers differ: llama.cpp,
 * vLLM and Ollama each omit or add fields), so a wrong endpoint fails with a clear error, not NaN.
 */
import type { ChatMessage, ChatRequest, ChatResponse, TokenAlternative, TokenLogprob } from '../engine.ts';

export interface ChatCompletionBody {
  model: string;
  messages: ChatMessage[];
  stream: false;
  max_tokens?: number;
  temperature?: number;
  logprobs?: boolean;
  top_logprobs?: number;
}

export function toChatCompletionBody(model: string, request: ChatRequest): ChatCompletionBody {
  const body: ChatCompletionBody = {
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: false,
  };
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topLogprobs !== undefined && request.topLogprobs > 0) {
    body.logprobs = true;
    body.top_logprobs = request.topLogprobs;
  }
  return body;
}

/** Thrown by `fromChatCompletion` with what was wrong; the adapter wraps it in LlmBadResponseError. */
export class WireShapeError extends Error {
  override name = 'WireShapeError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function alternative(value: unknown, where: string): TokenAlternative {
  if (!isObject(value) || typeof value.token !== 'string' || typeof value.logprob !== 'number') {
    throw new WireShapeError(`${where} is not { token: string, logprob: number }`);
  }
  return { token: value.token, logprob: value.logprob };
}

function tokenLogprobs(logprobs: unknown): TokenLogprob[] | undefined {
  if (logprobs === undefined || logprobs === null) return undefined;
  if (!isObject(logprobs) || !Array.isArray(logprobs.content)) {
    throw new WireShapeError('choices[0].logprobs.content is not an array');
  }
  return logprobs.content.map((entry, i) => {
    const where = `choices[0].logprobs.content[${i}]`;
    const own = alternative(entry, where);
    const top = isObject(entry) && Array.isArray(entry.top_logprobs) ? entry.top_logprobs : [];
    return { ...own, top: top.map((t, j) => alternative(t, `${where}.top_logprobs[${j}]`)) };
  });
}

function finishReason(value: unknown): ChatResponse['finishReason'] {
  if (value === 'stop' || value === 'length' || value === 'abort') return value;
  // llama.cpp reports 'eos' in some builds; anything else (tool_calls, null) is 'other'.
  return value === 'eos' ? 'stop' : 'other';
}

export function fromChatCompletion(json: unknown): ChatResponse {
  if (!isObject(json)) throw new WireShapeError('the body is not a JSON object');
  if (!Array.isArray(json.choices) || json.choices.length === 0) throw new WireShapeError('no choices[]');
  const choice: unknown = json.choices[0];
  if (!isObject(choice) || !isObject(choice.message)) throw new WireShapeError('choices[0].message is missing');
  const content = choice.message.content;
  if (typeof content !== 'string' && content !== null) throw new WireShapeError('choices[0].message.content is not a string');
  const response: ChatResponse = { text: content ?? '', finishReason: finishReason(choice.finish_reason) };
  const logprobs = tokenLogprobs(choice.logprobs);
  if (logprobs !== undefined) response.logprobs = logprobs;
  const usage = json.usage;
  if (isObject(usage) && typeof usage.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number') {
    response.usage = { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
  }
  return response;
}

/** The server's own error text, from `{ error: { message } }` (OpenAI, vLLM) or `{ error: "…" }` (Ollama). */
export function serverErrorText(body: string): string {
  try {
    const json: unknown = JSON.parse(body);
    if (isObject(json)) {
      if (isObject(json.error) && typeof json.error.message === 'string') return json.error.message;
      if (typeof json.error === 'string') return json.error;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body.slice(0, 300);
}
