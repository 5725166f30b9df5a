/**
 * The mapping from WebLLM failures to typed errors, on the messages WebLLM 0.2.86 actually
 * produces (copied from node_modules/@mlc-ai/web-llm/lib/index.js and from the browser test run).
 */
import { describe, expect, it } from 'vitest';
import { classifyWebLlmError, type ErrorContext } from './classify-error.ts';
import { fromWireError, toWireError } from './wire-error.ts';
import { LlmError } from '../llm-errors.ts';

const load: ErrorContext = {
  modelId: 'Llama-2-7b-chat-hf-q4f32_1-MLC',
  phase: 'load',
  weightsUrl: 'https://huggingface.co/mlc-ai/Llama-2-7b-chat-hf-q4f32_1-MLC/resolve/main/',
  online: true,
  cached: false,
};

function webllmError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

/** What crosses the worker: the wire object, as the page receives it. */
const wired = (error: unknown) => structuredClone(toWireError(error));

describe('classifyWebLlmError', () => {
  it.each([
    ['WebGPUNotAvailableError', 'WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine.', 'WEBGPU_UNAVAILABLE'],
    ['ShaderF16SupportError', 'This model requires WebGPU extension shader-f16, which is not enabled in this browser.', 'SHADER_F16_UNAVAILABLE'],
    ['DeviceLostError', 'The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).', 'DEVICE_LOST'],
    ['Error', 'Cannot initialize runtime because of requested maxStorageBufferBindingSize exceeds limit. requested=128MB, limit=64MB. ', 'INSUFFICIENT_MEMORY'],
    ['QuotaExceededError', 'The quota has been exceeded.', 'QUOTA_EXCEEDED'],
    ['TypeError', 'Failed to fetch', 'MODEL_NOT_CACHED'],
    ['Error', 'Cannot fetch https://huggingface.co/x/resolve/main/mlc-chat-config.json', 'MODEL_NOT_CACHED'],
    ['SyntaxError', `Unexpected token '<', "<!doctype "... is not valid JSON`, 'MODEL_NOT_CACHED'],
    ['CompileError', 'WebAssembly.instantiate(): expected magic word 00 61 73 6d, found 3c 21 64 6f @+0', 'MODEL_LOAD_FAILED'],
    ['UnsupportedTokenizerFilesError', 'Cannot handle tokenizer files tokenizer.bin', 'MODEL_LOAD_FAILED'],
  ])('%s "%s" → %s', (name, message, code) => {
    const mapped = classifyWebLlmError(wired(webllmError(name, message)), load);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toMatchObject({ name, message });
  });

  it('a fetch failure with the weights already cached is a load failure, not "not cached"', () => {
    expect(classifyWebLlmError(wired(webllmError('TypeError', 'Failed to fetch')), { ...load, cached: true }).code).toBe('MODEL_LOAD_FAILED');
  });

  it('names the URL that failed, and says "offline" when the browser is', () => {
    const offline = classifyWebLlmError(
      wired(webllmError('Error', 'Cannot fetch https://models.example/m/resolve/main/tensor-cache.json')),
      { ...load, online: false },
    );
    expect(offline.message).toContain('this browser is offline');
    expect(offline).toMatchObject({ url: 'https://models.example/m/resolve/main/tensor-cache.json' });
    const online = classifyWebLlmError(wired(webllmError('TypeError', 'Failed to fetch')), load);
    expect(online.message).toContain(`did not deliver ${load.weightsUrl}`);
  });

  it('says an HTML page came back instead of the model library', () => {
    const mapped = classifyWebLlmError(
      wired(webllmError('CompileError', 'WebAssembly.instantiate(): expected magic word 00 61 73 6d, found 3c 21 64 6f @+0')),
      load,
    );
    expect(mapped.message).toMatch(/returned an HTML page, not WebAssembly/);
  });

  it('maps chat-time failures to LLM_REQUEST_FAILED, except a lost device', () => {
    const chat = { ...load, phase: 'chat' as const, cached: true };
    expect(classifyWebLlmError(wired(webllmError('ContextWindowSizeExceededError', 'Prompt tokens exceed context window size')), chat).code).toBe('LLM_REQUEST_FAILED');
    expect(classifyWebLlmError(wired(webllmError('DeviceLostError', 'The WebGPU device was lost')), chat).code).toBe('DEVICE_LOST');
  });

  it('understands the "Name: message" strings of an unpatched WebLLM handler', () => {
    const mapped = classifyWebLlmError('ShaderF16SupportError: This model requires WebGPU extension shader-f16', load);
    expect(mapped.code).toBe('SHADER_F16_UNAVAILABLE');
    expect(mapped).toBeInstanceOf(LlmError);
  });

  it('keeps the cause chain across the wire', () => {
    const inner = new DOMException('The operation was aborted.', 'NetworkError');
    const back = fromWireError(wired(webllmError('Error', 'Failed to store x with error: NetworkError', inner)));
    expect(back).toMatchObject({ name: 'Error', cause: { name: 'NetworkError', message: 'The operation was aborted.' } });
  });
});
