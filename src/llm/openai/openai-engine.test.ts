/**
 * The OpenAI-compatible adapter against a real HTTP server on 127.0.0.1, started per test with a
 * scripted handler. Backoff is set to 1 ms so retries do not slow the suite; nothing asserts time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiHttpEngine, chatCompletionsUrl, type OpenAiEngineOptions } from './openai-engine.ts';
import { backoffDelayMs } from './backoff.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

type Handler = (seen: Seen, res: ServerResponse, index: number) => void;

let server: Server | undefined;

async function serve(handler: Handler): Promise<{ baseUrl: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw === '' ? undefined : JSON.parse(raw) };
      seen.push(entry);
      handler(entry, res, seen.length - 1);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, seen };
}

async function stop(): Promise<void> {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}

afterEach(stop);

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const completion = (content: string, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', ...extra }],
  usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 },
});

const engineFor = (baseUrl: string, extra: Partial<OpenAiEngineOptions> = {}) =>
  new OpenAiHttpEngine({ baseUrl, model: 'llama-2-7b-chat', backoffMs: 1, maxBackoffMs: 1, ...extra });

const ask = { messages: [{ role: 'user' as const, content: 'Would the user enjoy "Heat (1995)"? Answer Yes or No.' }] };

describe('OpenAiHttpEngine', () => {
  it('posts an OpenAI chat completion and maps the answer and usage', async () => {
    const { baseUrl, seen } = await serve((_s, res) => json(res, 200, completion('Yes')));
    const engine = engineFor(baseUrl, { apiKey: 'sk-test' });
    const response = await engine.chat({ ...ask, maxTokens: 3, temperature: 0.7 });
    expect(response).toEqual({ text: 'Yes', finishReason: 'stop', usage: { promptTokens: 12, completionTokens: 1 } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: { model: 'llama-2-7b-chat', messages: ask.messages, stream: false, max_tokens: 3, temperature: 0.7 },
    });
    expect(seen[0]?.body).not.toHaveProperty('logprobs');
    expect(engine.kind).toBe('openai-http');
    expect(engine.modelId).toBe('llama-2-7b-chat');
  });

  it('asks for logprobs with top_logprobs and maps choices[0].logprobs.content[]', async () => {
    const logprobs = {
      content: [
        { token: 'Yes', logprob: -0.105, bytes: [89, 101, 115], top_logprobs: [
          { token: 'Yes', logprob: -0.105, bytes: [89, 101, 115] },
          { token: 'No', logprob: -2.302, bytes: [78, 111] },
        ] },
      ],
    };
    const { baseUrl, seen } = await serve((_s, res) => json(res, 200, completion('Yes', { logprobs })));
    const response = await engineFor(baseUrl).chat({ ...ask, topLogprobs: 2 });
    expect(seen[0]?.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
    expect(response.logprobs).toEqual([
      { token: 'Yes', logprob: -0.105, top: [{ token: 'Yes', logprob: -0.105 }, { token: 'No', logprob: -2.302 }] },
    ]);
  });

  it('retries a 500 and then succeeds', async () => {
    const { baseUrl, seen } = await serve((_s, res, i) =>
      i === 0 ? json(res, 500, { error: { message: 'CUDA out of memory' } }) : json(res, 200, completion('No')),
    );
    expect((await engineFor(baseUrl).chat(ask)).text).toBe('No');
    expect(seen).toHaveLength(2);
  });

  it('gives up after the configured retries with LLM_REQUEST_FAILED naming the status and server text', async () => {
    const { baseUrl, seen } = await serve((_s, res) => json(res, 503, { error: 'model is loading' }));
    const failure = engineFor(baseUrl, { retries: 2 }).chat(ask);
    await expect(failure).rejects.toMatchObject({ code: 'LLM_REQUEST_FAILED', status: 503 });
    await expect(failure).rejects.toThrow(/HTTP 503: model is loading/);
    expect(seen).toHaveLength(3);
  });

  it('does not retry a 400: the request itself is wrong', async () => {
    const { baseUrl, seen } = await serve((_s, res) => json(res, 400, { error: { message: 'unknown model' } }));
    await expect(engineFor(baseUrl).chat(ask)).rejects.toMatchObject({ code: 'LLM_REQUEST_FAILED', status: 400 });
    expect(seen).toHaveLength(1);
  });

  it('times out with LLM_TIMEOUT when the server does not answer', async () => {
    // The handler never responds; afterEach closes the socket.
    const { baseUrl, seen } = await serve(() => {});
    const failure = engineFor(baseUrl, { timeoutMs: 150 }).chat(ask);
    await expect(failure).rejects.toMatchObject({ code: 'LLM_TIMEOUT', name: 'LlmTimeoutError' });
    expect(seen).toHaveLength(1);
  });

  it('reports malformed JSON as LLM_BAD_RESPONSE', async () => {
    const { baseUrl } = await serve((_s, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices": [ {"message": ');
    });
    await expect(engineFor(baseUrl).chat(ask)).rejects.toMatchObject({ code: 'LLM_BAD_RESPONSE' });
  });

  it('reports JSON of the wrong shape as LLM_BAD_RESPONSE naming the field', async () => {
    const { baseUrl } = await serve((_s, res) => json(res, 200, { choices: [] }));
    await expect(engineFor(baseUrl).chat(ask)).rejects.toThrow(/no choices\[\]/);
  });

  it('retries a refused connection as a network error, then fails with LLM_REQUEST_FAILED', async () => {
    const { baseUrl } = await serve(() => {});
    const closedUrl = baseUrl;
    await stop();
    let calls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const failure = engineFor(closedUrl, { retries: 1, fetch: countingFetch }).chat(ask);
    await expect(failure).rejects.toMatchObject({ code: 'LLM_REQUEST_FAILED', status: undefined });
    expect(calls).toBe(2);
  });

  it('stops with ABORTED when the caller aborts, without retrying', async () => {
    const { baseUrl, seen } = await serve(() => {});
    const controller = new AbortController();
    const failure = engineFor(baseUrl).chat({ ...ask, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(failure).rejects.toMatchObject({ code: 'ABORTED' });
    expect(seen).toHaveLength(1);
  });

  it('abort() stops requests in flight and later requests still work', async () => {
    const { baseUrl } = await serve((s, res) => {
      if ((s.body as { messages: { content: string }[] }).messages[0]?.content === 'hang') return;
      json(res, 200, completion('ok'));
    });
    const engine = engineFor(baseUrl);
    const hanging = engine.chat({ messages: [{ role: 'user', content: 'hang' }] });
    setTimeout(() => engine.abort(), 50);
    await expect(hanging).rejects.toMatchObject({ code: 'ABORTED' });
    expect((await engine.chat(ask)).text).toBe('ok');
  });

  it('load() checks GET /v1/models', async () => {
    const { baseUrl, seen } = await serve((_s, res) => json(res, 200, { data: [{ id: 'llama-2-7b-chat' }] }));
    const phases: string[] = [];
    await engineFor(baseUrl).load({ onProgress: (p) => phases.push(p.phase) });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /v1/models']);
    expect(phases).toHaveLength(2);
  });

  it('load() fails with LLM_REQUEST_FAILED on 401 and says to check the key', async () => {
    const { baseUrl } = await serve((_s, res) => json(res, 401, { error: { message: 'bad key' } }));
    await expect(engineFor(baseUrl).load()).rejects.toThrow(/HTTP 401: bad key\. Check the API key/);
  });
});

describe('chatCompletionsUrl', () => {
  it('accepts the server root, the /v1 root, or the full endpoint', () => {
    expect(chatCompletionsUrl('http://h:8080')).toBe('http://h:8080/v1/chat/completions');
    expect(chatCompletionsUrl('http://h:8080/v1/')).toBe('http://h:8080/v1/chat/completions');
    expect(chatCompletionsUrl('http://h/openai/v1/chat/completions')).toBe('http://h/openai/v1/chat/completions');
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the base, caps, and prefers a valid Retry-After', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelayMs(a, 500, 4000))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(backoffDelayMs(0, 500, 4000, '2')).toBe(2000);
    expect(backoffDelayMs(0, 500, 4000, '60')).toBe(4000);
    expect(backoffDelayMs(1, 500, 4000, 'soon')).toBe(1000);
  });
});
