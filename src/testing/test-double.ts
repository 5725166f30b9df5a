/**
 * A TEST DOUBLE of the LLM port — not a language model. It answers from a script (a function of
 * the request) so tests of prompts, scoring, caching and augmentation can run without weights.
 * Its kind is 'test-double' and its modelId starts with 'test-double/' so it can never be shown
 * to a user, or recorded in a result, as if an LLM had produced the answer.
 */
import { AbortedError } from '../errors.ts';
import type { ChatRequest, ChatResponse, LlmEngine, TokenLogprob } from '../llm/engine.ts';
import type { LongWorkOptions } from '../progress.ts';

/** What the script returns: just text, or text with the logprobs a real engine would attach. */
export type ScriptedAnswer = string | { text: string; logprobs?: TokenLogprob[]; finishReason?: ChatResponse['finishReason'] };

export type AnswerScript = (request: ChatRequest, callIndex: number) => ScriptedAnswer | Promise<ScriptedAnswer>;

export interface ScriptedLlmDoubleOptions {
  /** Suffix of the model id: the id becomes `test-double/<name>`. */
  name?: string;
  contextWindow?: number;
}

export class ScriptedLlmDouble implements LlmEngine {
  readonly kind = 'test-double' as const;
  readonly modelId: string;
  readonly contextWindow: number;
  /** Every request received, in order (without the signal), for assertions. */
  readonly requests: Omit<ChatRequest, 'signal'>[] = [];
  loads = 0;
  unloads = 0;
  aborts = 0;
  private readonly script: AnswerScript;

  constructor(script: AnswerScript, options: ScriptedLlmDoubleOptions = {}) {
    this.script = script;
    this.modelId = `test-double/${options.name ?? 'scripted'}`;
    this.contextWindow = options.contextWindow ?? 4096;
  }

  async load(options: LongWorkOptions = {}): Promise<void> {
    this.loads += 1;
    options.onProgress?.({ phase: 'test double: nothing to load', done: 1, total: 1 });
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    if (request.signal?.aborted) throw new AbortedError('The LLM request', { cause: request.signal.reason });
    const { signal: _signal, ...recorded } = request;
    this.requests.push(structuredClone(recorded));
    const answer = await this.script(request, this.requests.length - 1);
    const scripted = typeof answer === 'string' ? { text: answer } : answer;
    const response: ChatResponse = { text: scripted.text, finishReason: scripted.finishReason ?? 'stop' };
    if (scripted.logprobs !== undefined) response.logprobs = scripted.logprobs;
    return response;
  }

  abort(): void {
    this.aborts += 1;
  }

  async unload(): Promise<void> {
    this.unloads += 1;
  }
}
