/**
 * Maps what WebLLM throws (by its error class names, which survive the worker as WireError) to
 * our typed LLM errors. The raw error is always kept as `cause`. Fetch failures while loading
 * become MODEL_NOT_CACHED when the weights are not in the browser's cache: the user's remedy is
 * the same whether the browser is offline or the model host is unreachable.
 */
import { AbortedError, RecError } from '../../errors.ts';
import {
  DeviceLostError,
  InsufficientMemoryError,
  LlmRequestError,
  ModelLoadError,
  ModelNotCachedError,
  ShaderF16UnavailableError,
  WebGpuUnavailableError,
} from '../llm-errors.ts';
import { fromWireError } from './wire-error.ts';

export interface ErrorContext {
  modelId: string;
  phase: 'load' | 'chat';
  /** Absolute weights URL from the registry, named in the message when the error has no URL. */
  weightsUrl: string;
  online: boolean;
  /** Whether the weights are in the browser's cache (WebLLM's hasModelInCache). */
  cached: boolean;
}

const WEBGPU_MISSING = /WebGPU is not supported|Cannot find WebGPU|navigator\.gpu|requestAdapter/i;
const OUT_OF_MEMORY = /out of memory|\bOOM\b|Failed to allocate|exceeds limit|Cannot initialize runtime because of requested max|RangeError: Array buffer allocation failed/i;
const FETCH_FAILED = /Cannot fetch|Failed to fetch|NetworkError|Network response was not ok|Failed to store|Request failed|Unable to fetch|received status 4\d\d|received status 5\d\d|Load failed/i;
const STORAGE_FULL = /QuotaExceededError|quota/i;
/**
 * A host with a single-page-app fallback (Vite, Netlify, …) answers a missing model file with
 * its index.html and status 200; WebLLM then fails parsing the "config" as JSON.
 */
const HTML_INSTEAD_OF_FILE = /SyntaxError: .*(Unexpected token '<'|<!doctype|is not valid JSON)/i;

function firstUrl(text: string): string | undefined {
  return /https?:\/\/[^\s"'`,)]+/.exec(text)?.[0];
}

export function classifyWebLlmError(raw: unknown, context: ErrorContext): RecError {
  if (raw instanceof RecError) return raw;
  const error = fromWireError(raw);
  const name = error.name;
  const causeText = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : '';
  const text = `${name}: ${error.message} ${causeText}`;
  const options = { cause: error };
  const { modelId } = context;

  if (name === 'AbortError') return new AbortedError(context.phase === 'load' ? 'Loading the model' : 'The LLM request', options);
  if (name === 'WebGPUNotAvailableError' || name === 'WebGPUNotFoundError' || WEBGPU_MISSING.test(text)) {
    return new WebGpuUnavailableError(options);
  }
  if (name === 'ShaderF16SupportError' || (name === 'FeatureSupportError' && /shader-f16/.test(text))) {
    return new ShaderF16UnavailableError(modelId, options);
  }
  if (name === 'DeviceLostError' || /device (was )?lost/i.test(text)) return new DeviceLostError(modelId, options);
  if (STORAGE_FULL.test(text)) {
    return new RecError(
      'QUOTA_EXCEEDED',
      `The browser has no storage space left for the weights of ${modelId}. Delete other downloaded ` +
        'models in the model manager or free site storage, then load again; until then ' +
        'recommendations use the matrix-factorization model alone.',
      options,
    );
  }
  if (OUT_OF_MEMORY.test(text)) return new InsufficientMemoryError(modelId, error.message.slice(0, 200), options);
  if (context.phase === 'load' && (FETCH_FAILED.test(text) || HTML_INSTEAD_OF_FILE.test(text)) && !context.cached) {
    return new ModelNotCachedError(modelId, firstUrl(text) ?? context.weightsUrl, !context.online, options);
  }
  if (context.phase === 'load') {
    // "<!do" where "\0asm" should be: the host answered the model library URL with an HTML page.
    const hint = /CompileError/.test(name) && /found 3c 21/i.test(error.message)
      ? ' (the model library URL returned an HTML page, not WebAssembly: the .wasm file is missing there)'
      : '';
    return new ModelLoadError(modelId, `${name}: ${error.message.slice(0, 300)}${hint}`, options);
  }
  return new LlmRequestError(
    `WebLLM could not answer with ${modelId} (${name}: ${error.message.slice(0, 300)}). Try again; if it ` +
      'keeps failing, reload the page and the model.',
    undefined,
    options,
  );
}
