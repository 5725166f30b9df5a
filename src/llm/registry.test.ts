import { describe, expect, it } from 'vitest';
import {
  MODEL_REGISTRY,
  estimateDownloadMB,
  findModel,
  resolveModelUrls,
  selectModel,
  withModels,
  type ModelEntry,
  type SelectionInput,
} from './registry.ts';

const f16: SelectionInput = { webgpu: true, shaderF16: true, maxStorageBufferBindingSize: 2 ** 31 };
const noF16: SelectionInput = { webgpu: true, shaderF16: false, maxStorageBufferBindingSize: 2 ** 31 };

describe('selectModel', () => {
  it('defaults to LLaMA-2 7B chat q4f16_1 with shader-f16 and q4f32_1 without', () => {
    expect(selectModel(f16).entry.id).toBe('Llama-2-7b-chat-hf-q4f16_1-MLC');
    expect(selectModel(noF16).entry.id).toBe('Llama-2-7b-chat-hf-q4f32_1-MLC');
  });

  it('takes the -1k variant when storage buffers are below 1 GiB or memory is low', () => {
    const tight = { ...noF16, maxStorageBufferBindingSize: 2 ** 27 };
    const selection = selectModel(tight);
    expect(selection.entry.id).toBe('Llama-2-7b-chat-hf-q4f32_1-MLC-1k');
    expect(selection.reasons.join(' ')).toMatch(/below 1 GiB/);
    expect(selectModel({ ...f16, deviceMemoryGB: 4 }).entry.id).toBe('Llama-2-7b-chat-hf-q4f16_1-MLC-1k');
    // 8 is Chrome's cap, so it means "8 or more": no reason to shrink.
    expect(selectModel({ ...f16, deviceMemoryGB: 8 }).entry.id).toBe('Llama-2-7b-chat-hf-q4f16_1-MLC');
  });

  it('offers the small models by preference', () => {
    expect(selectModel(noF16, 'small').entry.id).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(selectModel(f16, 'tiny').entry.id).toBe('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
  });

  it('honours an explicit id but refuses an f16 model on a GPU without shader-f16', () => {
    expect(selectModel(f16, { id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC' }).entry.id).toBe('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    expect(() => selectModel(noF16, { id: 'Llama-2-7b-chat-hf-q4f16_1-MLC' })).toThrow(
      expect.objectContaining({ code: 'SHADER_F16_UNAVAILABLE' }),
    );
    expect(() => selectModel(f16, { id: 'gpt-5' })).toThrow(expect.objectContaining({ code: 'MODEL_UNKNOWN' }));
  });

  it('throws WEBGPU_UNAVAILABLE without WebGPU', () => {
    expect(() => selectModel({ webgpu: false, shaderF16: false })).toThrow(expect.objectContaining({ code: 'WEBGPU_UNAVAILABLE' }));
  });
});

describe('resolveModelUrls', () => {
  const entry = findModel('Llama-2-7b-chat-hf-q4f32_1-MLC');

  it('uses Hugging Face and the pinned v0_2_86 model library by default', () => {
    expect(resolveModelUrls(entry, { kind: 'registry' }, 'https://app.example/')).toEqual({
      weights: 'https://huggingface.co/mlc-ai/Llama-2-7b-chat-hf-q4f32_1-MLC/resolve/main/',
      modelLib:
        'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/Llama-2-7b-chat-hf-q4f32_1_cs1k-webgpu.wasm',
    });
  });

  it('turns a relative self-hosted base into absolute URLs in the documented layout', () => {
    expect(resolveModelUrls(entry, { kind: 'self-hosted', baseUrl: './models' }, 'https://app.example/demo/index.html')).toEqual({
      weights: 'https://app.example/demo/models/Llama-2-7b-chat-hf-q4f32_1-MLC/resolve/main/',
      modelLib: 'https://app.example/demo/models/libs/Llama-2-7b-chat-hf-q4f32_1_cs1k-webgpu.wasm',
    });
  });

  it('keeps a weights URL that already names a branch, and an absolute model lib', () => {
    const fineTuned: ModelEntry = {
      ...entry,
      id: 'llama4rec-ft-q4f32_1-MLC',
      weights: 'https://models.example/ft/resolve/v2/',
      modelLib: 'https://models.example/libs/ft.wasm',
    };
    expect(resolveModelUrls(fineTuned, { kind: 'registry' }, 'https://app.example/')).toEqual({
      weights: 'https://models.example/ft/resolve/v2/',
      modelLib: 'https://models.example/libs/ft.wasm',
    });
  });
});

describe('registry data', () => {
  it('estimates downloads from parameters: 6,738,415,616 × 4.5 bits = 3,615 MiB for q4f16_1', () => {
    // 6738415616 * 4.5 / 8 / 1048576 = 3614.8 → 3615
    expect(estimateDownloadMB(findModel('Llama-2-7b-chat-hf-q4f16_1-MLC'))).toBe(3615);
    // 494032768 * 5 / 8 / 1048576 = 294.47 → 294
    expect(estimateDownloadMB(findModel('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'))).toBe(294);
  });

  it('has unique ids, each family in both quantizations, and a fine-tuned model plugs in by withModels', () => {
    const ids = MODEL_REGISTRY.models.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ft = { ...findModel('Llama-2-7b-chat-hf-q4f32_1-MLC'), id: 'ft', family: 'llama4rec-ft' };
    const extended = withModels(MODEL_REGISTRY, [ft]);
    expect(findModel('ft', extended).family).toBe('llama4rec-ft');
    expect(() => findModel('ft')).toThrow();
  });
});
