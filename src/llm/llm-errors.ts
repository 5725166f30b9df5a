/**
 * One error class per LLM failure a caller can act on. Each message says what to do, and
 * every one of them implies the same fallback: the recommender keeps working with MF alone.
 * The engine's own error (WebLLM's, a fetch TypeError, a DOMException) is kept as `cause`.
 */
import { RecError, type RecErrorCode, type RecErrorOptions } from '../errors.ts';

const FALLBACK = 'Until then, recommendations use the matrix-factorization model alone.';

/** Base of every LLM error, so a caller can catch the whole family with one `instanceof`. */
export class LlmError extends RecError {
  constructor(code: RecErrorCode, message: string, options: RecErrorOptions = {}) {
    super(code, message, options);
    this.name = 'LlmError';
  }
}

export class WebGpuUnavailableError extends LlmError {
  constructor(options: RecErrorOptions = {}) {
    super(
      'WEBGPU_UNAVAILABLE',
      'WebGPU is not available in this browser, so the on-device LLM cannot run. Use a recent ' +
        'Chrome or Edge (or enable WebGPU in the browser flags), or configure an OpenAI-compatible ' +
        `server as the LLM engine. ${FALLBACK}`,
      options,
    );
    this.name = 'WebGpuUnavailableError';
  }
}

export class ShaderF16UnavailableError extends LlmError {
  constructor(modelId: string, options: RecErrorOptions = {}) {
    super(
      'SHADER_F16_UNAVAILABLE',
      `The model ${modelId} needs the WebGPU feature shader-f16, which this GPU/browser does not offer. ` +
        `Pick the matching q4f32 variant (the automatic model choice does this), then load again. ${FALLBACK}`,
      options,
    );
    this.name = 'ShaderF16UnavailableError';
  }
}

export class InsufficientMemoryError extends LlmError {
  constructor(modelId: string, detail: string, options: RecErrorOptions = {}) {
    super(
      'INSUFFICIENT_MEMORY',
      `Not enough memory to load ${modelId} (${detail}). Choose a smaller model (Llama-3.2-1B or ` +
        `Qwen2.5-0.5B) or a "-1k" context variant, close other GPU-heavy tabs, and load again. ${FALLBACK}`,
      options,
    );
    this.name = 'InsufficientMemoryError';
  }
}

export class DeviceLostError extends LlmError {
  constructor(modelId: string, options: RecErrorOptions = {}) {
    super(
      'DEVICE_LOST',
      `The GPU device was lost while running ${modelId}, usually because it ran out of memory or the ` +
        `driver reset. Reload the page, then try a smaller model or a "-1k" context variant. ${FALLBACK}`,
      options,
    );
    this.name = 'DeviceLostError';
  }
}

export class ModelNotCachedError extends LlmError {
  readonly url: string;
  constructor(modelId: string, url: string, offline: boolean, options: RecErrorOptions = {}) {
    const why = offline
      ? 'this browser is offline'
      : `the model host did not deliver ${url}`;
    super(
      'MODEL_NOT_CACHED',
      `The weights of ${modelId} are not cached in this browser and ${why}. Connect to the network ` +
        `(or make the model host in models/registry.json reachable) and load the model once; after ` +
        `that it works offline. ${FALLBACK}`,
      options,
    );
    this.name = 'ModelNotCachedError';
    this.url = url;
  }
}

export class ModelLoadError extends LlmError {
  constructor(modelId: string, detail: string, options: RecErrorOptions = {}) {
    super(
      'MODEL_LOAD_FAILED',
      `Loading ${modelId} failed: ${detail}. Check that the model URL and its model library (.wasm) ` +
        `in models/registry.json match the pinned WebLLM version, clear the model from the cache in ` +
        `the model manager, and load again. ${FALLBACK}`,
      options,
    );
    this.name = 'ModelLoadError';
  }
}

export class ModelUnknownError extends LlmError {
  constructor(modelId: string, known: readonly string[], options: RecErrorOptions = {}) {
    super(
      'MODEL_UNKNOWN',
      `No model "${modelId}" in the registry. Use one of: ${known.join(', ')}; or add an entry to ` +
        'models/registry.json (see models/README.md).',
      options,
    );
    this.name = 'ModelUnknownError';
  }
}

export class LlmRequestError extends LlmError {
  /** HTTP status when the server answered; undefined for network failures. */
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined, options: RecErrorOptions = {}) {
    super('LLM_REQUEST_FAILED', message, options);
    this.name = 'LlmRequestError';
    this.status = status;
  }
}

export class LlmTimeoutError extends LlmError {
  constructor(what: string, timeoutMs: number, options: RecErrorOptions = {}) {
    super(
      'LLM_TIMEOUT',
      `${what} did not answer within ${timeoutMs} ms. Check that the server is running and not ` +
        'overloaded, or raise the timeout. ' + FALLBACK,
      options,
    );
    this.name = 'LlmTimeoutError';
  }
}

export class LlmBadResponseError extends LlmError {
  constructor(what: string, detail: string, options: RecErrorOptions = {}) {
    super(
      'LLM_BAD_RESPONSE',
      `${what} answered with something that is not an OpenAI-style chat completion (${detail}). ` +
        'Check that the base URL points at an OpenAI-compatible /v1 endpoint (llama.cpp server, vLLM, Ollama).',
      options,
    );
    this.name = 'LlmBadResponseError';
  }
}

/**
 * Every class above by the name its instances carry, for `registerErrorClasses`
 * (src/workers/transfer-errors.ts) so they cross Comlink workers as themselves.
 */
export const LLM_ERROR_CLASSES = {
  LlmError,
  WebGpuUnavailableError,
  ShaderF16UnavailableError,
  InsufficientMemoryError,
  DeviceLostError,
  ModelNotCachedError,
  ModelLoadError,
  ModelUnknownError,
  LlmRequestError,
  LlmTimeoutError,
  LlmBadResponseError,
} as const;
