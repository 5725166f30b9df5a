import { describe, expect, it } from 'vitest';
import { CachedLlmEngine } from './cached-engine.ts';
import { MemoryAnswerCache, StoreAnswerCache, answerKey, canonicalRequest, type LlmCacheBackend } from './answer-cache.ts';
import { ScriptedLlmDouble } from '../testing/test-double.ts';
import type { ChatRequest } from './engine.ts';
import type { LlmCacheRecord } from '../data/db.ts';

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
});

describe('answerKey / canonicalRequest', () => {
  it('ignores the signal and spells out defaults, but separates every field that changes the answer', async () => {
    const base = await answerKey('m', ask('hi'));
    expect(await answerKey('m', ask('hi', { signal: new AbortController().signal }))).toBe(base);
    expect(await answerKey('m', ask('hi', { temperature: undefined }))).toBe(base);
    expect(await answerKey('m', ask('hi', { temperature: 0.5 }))).not.toBe(base);
    expect(await answerKey('m', ask('hi', { topLogprobs: 3 }))).not.toBe(base);
    expect(await answerKey('m', ask('hi', { maxTokens: 4 }))).not.toBe(base);
    expect(await answerKey('other', ask('hi'))).not.toBe(base);
    expect(await answerKey('m', ask('hi!'))).not.toBe(base);
    expect(base).toMatch(/^m:[0-9a-f]{64}$/);
  });

  it('is readable JSON of the request', () => {
    expect(canonicalRequest(ask('hi', { maxTokens: 2 }))).toBe(
      '{"messages":[{"role":"user","content":"hi"}],"maxTokens":2,"temperature":null,"topLogprobs":null}',
    );
  });

  it('hashes with SHA-256 (known digest of the canonical text)', async () => {
    // An independent SHA-256 (node:crypto) of the canonical text must agree with the WebCrypto one.
    const text = canonicalRequest(ask('hi', { maxTokens: 2 }));
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256').update(text).digest('hex');
    expect(await answerKey('m', ask('hi', { maxTokens: 2 }))).toBe(`m:${expected}`);
  });
});

describe('CachedLlmEngine', () => {
  it('asks the inner engine once per distinct request and answers repeats from the cache', async () => {
    const inner = new ScriptedLlmDouble((r) => `echo ${r.messages[0]?.content}`);
    const cache = new MemoryAnswerCache();
    const engine = new CachedLlmEngine(inner, cache, () => 42);
    expect((await engine.chat(ask('a'))).text).toBe('echo a');
    expect((await engine.chat(ask('a'))).text).toBe('echo a');
    expect((await engine.chat(ask('b'))).text).toBe('echo b');
    expect(inner.requests.map((r) => r.messages[0]?.content)).toEqual(['a', 'b']);
    expect([engine.hits, engine.misses, cache.size]).toEqual([1, 2, 2]);
    const stored = await cache.get(await answerKey(inner.modelId, ask('a')));
    expect(stored).toMatchObject({ model: 'test-double/scripted', createdAt: 42, response: { text: 'echo a' } });
  });

  it('shares one inner call between identical concurrent requests', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inner = new ScriptedLlmDouble(async () => {
      await gate;
      return 'slow';
    });
    const engine = new CachedLlmEngine(inner, new MemoryAnswerCache());
    const both = Promise.all([engine.chat(ask('x')), engine.chat(ask('x'))]);
    // Let both calls pass the (async) cache lookup before the answer arrives.
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect((await both).map((r) => r.text)).toEqual(['slow', 'slow']);
    expect(inner.requests).toHaveLength(1);
  });

  it('does not store aborted (partial) answers', async () => {
    const inner = new ScriptedLlmDouble(() => ({ text: 'par', finishReason: 'abort' }));
    const cache = new MemoryAnswerCache();
    const engine = new CachedLlmEngine(inner, cache);
    await engine.chat(ask('q'));
    await engine.chat(ask('q'));
    expect(inner.requests).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it('keeps the logprobs in the cached answer', async () => {
    const logprobs = [{ token: 'Yes', logprob: -0.1, top: [{ token: 'Yes', logprob: -0.1 }, { token: 'No', logprob: -2.4 }] }];
    const inner = new ScriptedLlmDouble(() => ({ text: 'Yes', logprobs }));
    const engine = new CachedLlmEngine(inner, new MemoryAnswerCache());
    await engine.chat(ask('q', { topLogprobs: 2 }));
    expect((await engine.chat(ask('q', { topLogprobs: 2 }))).logprobs).toEqual(logprobs);
    expect(engine.hits).toBe(1);
  });
});

describe('StoreAnswerCache', () => {
  it('writes and reads the store record shape { key, model, prompt, answer, createdAt }', async () => {
    const records = new Map<string, LlmCacheRecord>();
    const backend: LlmCacheBackend = {
      getCachedAnswer: async (key) => records.get(key),
      putCachedAnswer: async (record) => void records.set(record.key, { ...record, createdAt: record.createdAt ?? 0, datasetFingerprint: 'f' }),
    };
    const engine = new CachedLlmEngine(new ScriptedLlmDouble(() => 'No'), new StoreAnswerCache(backend), () => 7);
    await engine.chat(ask('q'));
    const [record] = [...records.values()];
    expect(record).toEqual({
      key: await answerKey('test-double/scripted', ask('q')),
      model: 'test-double/scripted',
      prompt: canonicalRequest(ask('q')),
      answer: { text: 'No', finishReason: 'stop' },
      createdAt: 7,
      datasetFingerprint: 'f',
    });
    expect((await engine.chat(ask('q'))).text).toBe('No');
    expect(engine.hits).toBe(1);
  });

  it('treats a record with a foreign answer shape as a miss', async () => {
    const backend: LlmCacheBackend = {
      getCachedAnswer: async (key) => ({ key, model: 'm', prompt: 'p', answer: 'just a string', createdAt: 1, datasetFingerprint: 'f' }),
      putCachedAnswer: async () => {},
    };
    expect(await new StoreAnswerCache(backend).get('k')).toBeUndefined();
  });
});

describe('ScriptedLlmDouble', () => {
  it('is unmistakably a test double and records requests without their signal', async () => {
    const double = new ScriptedLlmDouble((_r, i) => `answer ${i}`, { name: 'pairs' });
    expect(double.kind).toBe('test-double');
    expect(double.modelId).toBe('test-double/pairs');
    const signal = new AbortController().signal;
    expect((await double.chat(ask('one', { signal }))).text).toBe('answer 0');
    expect((await double.chat(ask('two'))).text).toBe('answer 1');
    expect(double.requests).toEqual([ask('one'), ask('two')]);
  });

  it('rejects with AbortedError when the signal has already fired', async () => {
    const double = new ScriptedLlmDouble(() => 'x');
    const controller = new AbortController();
    controller.abort();
    await expect(double.chat(ask('q', { signal: controller.signal }))).rejects.toMatchObject({ code: 'ABORTED' });
    expect(double.requests).toHaveLength(0);
  });
});
