/**
 * An LLM engine described by plain data, so it can be sent to a worker (or typed on a command
 * line) and built there: the engine object itself holds functions and connections that cannot
 * cross a worker boundary.
 */
import type { LlmEngine } from '../llm/engine.ts';
import { OpenAiHttpEngine } from '../llm/openai/openai-engine.ts';
import { findModel } from '../llm/registry.ts';
import { createWebLlmEngine } from '../llm/webllm/lazy.ts';
import { RecError } from '../errors.ts';
import { checkDoubleSpec, createDoubleEngine, type DoubleSpec } from '../testing/double-engines.ts';

export type EngineSpec =
  /** A test double (never shown as an LLM); 'oracle' needs out-of-band targets and is not allowed here. */
  | ({ kind: 'test-double' } & DoubleSpec)
  /** WebLLM in the browser, one of the registry's models (src/llm/registry.ts). */
  | { kind: 'webllm'; modelId: string; pageUrl?: string }
  /** An OpenAI-compatible HTTP server (llama.cpp, vLLM, Ollama). */
  | { kind: 'openai-http'; baseUrl: string; model: string; contextWindow?: number };

export function checkEngineSpec(spec: EngineSpec): void {
  if (spec.kind === 'test-double') {
    checkDoubleSpec(spec);
    if (spec.script === 'oracle') throw new RecError('CONFIG_INVALID', "engine.script 'oracle' needs the held-out items out of band; use 'prefers-first' or 'random-seeded' here.");
  } else if (spec.kind === 'webllm') {
    findModel(spec.modelId);
  } else if (spec.kind === 'openai-http') {
    if (typeof spec.baseUrl !== 'string' || typeof spec.model !== 'string' || spec.model === '') {
      throw new RecError('CONFIG_INVALID', 'engine.baseUrl and engine.model must be strings, e.g. { baseUrl: "http://localhost:8080/v1", model: "llama-2-7b-chat" }.');
    }
  } else {
    throw new RecError('CONFIG_INVALID', `engine.kind "${String((spec as { kind: unknown }).kind)}" is not one of test-double, webllm, openai-http.`);
  }
}

/** Builds (but does not load) the engine the spec describes. */
export async function engineFromSpec(spec: EngineSpec): Promise<LlmEngine> {
  checkEngineSpec(spec);
  switch (spec.kind) {
    case 'test-double':
      return createDoubleEngine(spec);
    case 'webllm':
      return createWebLlmEngine({ entry: findModel(spec.modelId), ...(spec.pageUrl ? { pageUrl: spec.pageUrl } : {}) });
    case 'openai-http':
      return new OpenAiHttpEngine({ baseUrl: spec.baseUrl, model: spec.model, ...(spec.contextWindow ? { contextWindow: spec.contextWindow } : {}) });
  }
}
