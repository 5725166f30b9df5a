import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './ask-command.ts';

let server: Server | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  const running = server;
  server = undefined;
  if (running) await new Promise((resolve) => running.close(resolve));
});

describe('l4r ask', () => {
  it('sends the prompt through the OpenAI adapter and prints answer and token alternatives', async () => {
    let body: any;
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        body = JSON.parse(raw);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          choices: [{ message: { role: 'assistant', content: 'Yes' }, finish_reason: 'stop',
            logprobs: { content: [{ token: 'Yes', logprob: -0.1, top_logprobs: [{ token: 'Yes', logprob: -0.1 }, { token: 'No', logprob: -2.5 }] }] } }],
          usage: { prompt_tokens: 9, completion_tokens: 1 },
        }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = await run(['--base-url', `http://127.0.0.1:${port}/v1`, '--model', 'm', '--prompt', 'Yes or No?', '--top-logprobs', '2', '--system', 'Be brief.']);
    expect(code).toBe(0);
    expect(body).toMatchObject({ model: 'm', max_tokens: 64, temperature: 0, logprobs: true, top_logprobs: 2,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Yes or No?' }] });
    expect(out.mock.calls).toEqual([['Yes']]);
    expect(err.mock.calls.map((c) => c[0])).toEqual([
      '[finish: stop, tokens: 9 in / 1 out]',
      '"Yes" -0.100  ["Yes" -0.100, "No" -2.500]',
    ]);
  });

  it('says which options are missing', async () => {
    await expect(run(['--model', 'm'])).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/--base-url, --model and --prompt/) });
  });
});
