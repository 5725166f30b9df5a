/**
 * WebLlmEngine's own logic (request mapping, logprobs, the one-at-a-time queue, abort, progress,
 * typed errors) with WebLLM's real client class talking to a TEST DOUBLE of its worker protocol:
 * no model runs here. That the real worker starts and loads is covered by webllm.browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { WebLlmEngine } from './webllm-engine.ts';
import { findModel } from '../registry.ts';
import { toWireError } from './wire-error.ts';
import type { Progress } from '../../progress.ts';

interface Msg {
  kind: string;
  uuid: string;
  content: any;
}

type Reply = (content: unknown) => void;

/** Speaks WebLLM 0.2.86's worker message protocol; chat answers come from `answer`. */
class ScriptedWebLlmWorkerDouble {
  onmessage: ((event: MessageEvent) => void) | null = null;
  readonly received: Msg[] = [];
  terminated = false;
  inFlightChats = 0;
  maxInFlightChats = 0;
  reloadFails: unknown = undefined;
  answer: (request: any, reply: Reply, fail: (error: unknown) => void) => void = (_r, reply) => reply(completion('Yes'));

  postMessage(msg: Msg): void {
    this.received.push(msg);
    const reply = (content: unknown) => this.send({ kind: 'return', uuid: msg.uuid, content });
    const fail = (error: unknown) => this.send({ kind: 'throw', uuid: msg.uuid, content: toWireError(error) });
    switch (msg.kind) {
      case 'reload':
        this.send({ kind: 'initProgressCallback', uuid: '', content: { progress: 0.25, timeElapsed: 1, text: 'Fetching param cache[1/4]' } });
        this.send({ kind: 'initProgressCallback', uuid: '', content: { progress: 1, timeElapsed: 2, text: 'Finish loading on WebGPU' } });
        setTimeout(() => (this.reloadFails === undefined ? reply(null) : fail(this.reloadFails)), 0);
        return;
      case 'chatCompletionNonStreaming':
        this.inFlightChats += 1;
        this.maxInFlightChats = Math.max(this.maxInFlightChats, this.inFlightChats);
        this.answer(
          msg.content.request,
          (c) => {
            this.inFlightChats -= 1;
            reply(c);
          },
          (e) => {
            this.inFlightChats -= 1;
            fail(e);
          },
        );
        return;
      case 'interruptGenerate':
      case 'unload':
        reply(null);
        return;
      default:
        return; // setAppConfig, setLogLevel: no reply in WebLLM either.
    }
  }

  terminate(): void {
    this.terminated = true;
  }

  private send(data: unknown): void {
    setTimeout(() => this.onmessage?.(new MessageEvent('message', { data })), 0);
  }
}

function completion(content: string, finish = 'stop', logprobs: unknown = null) {
  return {
    id: 'chatcmpl-x',
    object: 'chat.completion',
    created: 0,
    model: 'Llama-2-7b-chat-hf-q4f32_1-MLC',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish, logprobs }],
    usage: { prompt_tokens: 40, completion_tokens: 1, total_tokens: 41 },
  };
}

function setup() {
  const worker = new ScriptedWebLlmWorkerDouble();
  const engine = new WebLlmEngine({
    entry: findModel('Llama-2-7b-chat-hf-q4f32_1-MLC'),
    pageUrl: 'https://app.example/',
    createWorker: () => worker as unknown as Worker,
  });
  return { worker, engine };
}

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('WebLlmEngine (against a worker-protocol double)', () => {
  it('sends the registry AppConfig, reports progress, and reloads the selected model', async () => {
    const { worker, engine } = setup();
    const progress: Progress[] = [];
    await engine.load({ onProgress: (p) => progress.push(p) });
    const setAppConfig = worker.received.find((m) => m.kind === 'setAppConfig');
    expect(setAppConfig?.content).toEqual({
      cacheBackend: 'cache',
      model_list: [
        {
          model: 'https://huggingface.co/mlc-ai/Llama-2-7b-chat-hf-q4f32_1-MLC/resolve/main/',
          model_id: 'Llama-2-7b-chat-hf-q4f32_1-MLC',
          model_lib:
            'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/Llama-2-7b-chat-hf-q4f32_1_cs1k-webgpu.wasm',
          vram_required_MB: 9109.03,
          overrides: { context_window_size: 4096 },
        },
      ],
    });
    expect(worker.received.find((m) => m.kind === 'reload')?.content).toMatchObject({ modelId: ['Llama-2-7b-chat-hf-q4f32_1-MLC'] });
    expect(progress).toEqual([
      { phase: 'Fetching param cache[1/4]', done: 250, total: 1000 },
      { phase: 'Finish loading on WebGPU', done: 1000, total: 1000 },
    ]);
    expect([engine.kind, engine.contextWindow]).toEqual(['webllm', 4096]);
  });

  it('joins concurrent load() calls into one worker and one reload', async () => {
    let workers = 0;
    const worker = new ScriptedWebLlmWorkerDouble();
    const engine = new WebLlmEngine({
      entry: findModel('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'),
      pageUrl: 'https://app.example/',
      createWorker: () => {
        workers += 1;
        return worker as unknown as Worker;
      },
    });
    await Promise.all([engine.load(), engine.load()]);
    await engine.load();
    expect(workers).toBe(1);
    expect(worker.received.filter((m) => m.kind === 'reload')).toHaveLength(1);
  });

  it('asks for logprobs (top_logprobs capped at WebLLM’s 5) and maps them', async () => {
    const { worker, engine } = setup();
    await engine.load();
    const logprobs = {
      content: [{ token: 'Yes', logprob: -0.2, bytes: [89, 101, 115], top_logprobs: [{ token: 'Yes', logprob: -0.2, bytes: [] }, { token: 'No', logprob: -1.8, bytes: [] }] }],
    };
    worker.answer = (_r, reply) => reply(completion('Yes', 'stop', logprobs));
    const response = await engine.chat({ ...ask('q'), topLogprobs: 20, temperature: 1, maxTokens: 1 });
    const sent = worker.received.find((m) => m.kind === 'chatCompletionNonStreaming')?.content.request;
    expect(sent).toMatchObject({ logprobs: true, top_logprobs: 5, temperature: 1, max_tokens: 1, stream: false, messages: ask('q').messages });
    expect(response).toEqual({
      text: 'Yes',
      finishReason: 'stop',
      logprobs: [{ token: 'Yes', logprob: -0.2, top: [{ token: 'Yes', logprob: -0.2 }, { token: 'No', logprob: -1.8 }] }],
      usage: { promptTokens: 40, completionTokens: 1 },
    });
  });

  it('sends one request at a time to the worker', async () => {
    const { worker, engine } = setup();
    await engine.load();
    worker.answer = (request, reply) => setTimeout(() => reply(completion(`re ${request.messages[0].content}`)), 5);
    const answers = await Promise.all(['a', 'b', 'c'].map((c) => engine.chat(ask(c))));
    expect(answers.map((a) => a.text)).toEqual(['re a', 're b', 're c']);
    expect(worker.maxInFlightChats).toBe(1);
  });

  it('interrupts generation when the request signal fires and returns the partial answer', async () => {
    const { worker, engine } = setup();
    await engine.load();
    let finish!: Reply;
    worker.answer = (_r, reply) => (finish = reply);
    const controller = new AbortController();
    const pending = engine.chat({ ...ask('long'), signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await new Promise((r) => setTimeout(r, 5));
    expect(worker.received.some((m) => m.kind === 'interruptGenerate')).toBe(true);
    finish(completion('Par', 'abort'));
    expect(await pending).toMatchObject({ text: 'Par', finishReason: 'abort' });
  });

  it('turns a worker-side failure into a typed error and ends the worker', async () => {
    const { worker, engine } = setup();
    const f16 = new Error('This model requires WebGPU extension shader-f16, which is not enabled in this browser.');
    f16.name = 'ShaderF16SupportError';
    worker.reloadFails = f16;
    await expect(engine.load()).rejects.toMatchObject({ code: 'SHADER_F16_UNAVAILABLE', cause: { name: 'ShaderF16SupportError' } });
    expect(worker.terminated).toBe(true);
  });

  it('maps a chat-time failure to LLM_REQUEST_FAILED and keeps serving', async () => {
    const { worker, engine } = setup();
    await engine.load();
    const tooLong = new Error('Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096');
    tooLong.name = 'ContextWindowSizeExceededError';
    worker.answer = (_r, _reply, fail) => fail(tooLong);
    await expect(engine.chat(ask('huge'))).rejects.toMatchObject({ code: 'LLM_REQUEST_FAILED' });
    worker.answer = (_r, reply) => reply(completion('ok'));
    expect((await engine.chat(ask('small'))).text).toBe('ok');
  });

  it('after a lost device, ends the worker so the next load() starts afresh', async () => {
    const { worker, engine } = setup();
    await engine.load();
    const lost = new Error('The WebGPU device was lost while loading the model.');
    lost.name = 'DeviceLostError';
    worker.answer = (_r, _reply, fail) => fail(lost);
    await expect(engine.chat(ask('q'))).rejects.toMatchObject({ code: 'DEVICE_LOST' });
    expect(worker.terminated).toBe(true);
    await expect(engine.chat(ask('q'))).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });

  it('unload() unloads in the worker and terminates it', async () => {
    const { worker, engine } = setup();
    await engine.load();
    await engine.unload();
    expect(worker.received.some((m) => m.kind === 'unload')).toBe(true);
    expect(worker.terminated).toBe(true);
    await expect(engine.chat(ask('q'))).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });
});
