/**
 * `l4r ask`: sends one chat message to an OpenAI-compatible server (llama.cpp, vLLM, Ollama)
 * through the same adapter batch augmentation uses, and prints the answer and, on request, the
 * top alternatives of each token — a quick check that a server is set up right.
 */
import { parseArgs } from 'node:util';
import { RecError } from '../errors.ts';
import { OpenAiHttpEngine } from '../llm/openai/openai-engine.ts';

export const usage = `usage: l4r ask --base-url URL --model NAME --prompt TEXT [options]

  --base-url URL        server root, e.g. http://127.0.0.1:8080/v1 (llama.cpp), http://127.0.0.1:11434/v1 (Ollama)
  --model NAME          model name as the server knows it
  --prompt TEXT         the user message
  --system TEXT         an optional system message
  --max-tokens N        default 64
  --temperature T       default 0
  --top-logprobs N      also print the top-N alternatives of each generated token
  --timeout-ms MS       per attempt (default 120000)
  --api-key KEY         sent as a bearer token (or set L4R_API_KEY)`;

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new RecError('CONFIG_INVALID', `--${name} must be a number ≥ 0 (got "${value}").`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'base-url': { type: 'string' },
      model: { type: 'string' },
      prompt: { type: 'string' },
      system: { type: 'string' },
      'max-tokens': { type: 'string' },
      temperature: { type: 'string' },
      'top-logprobs': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const baseUrl = values['base-url'];
  const model = values.model;
  const prompt = values.prompt;
  if (baseUrl === undefined || model === undefined || prompt === undefined) {
    throw new RecError('CONFIG_INVALID', 'l4r ask needs --base-url, --model and --prompt; see `l4r ask --help`.');
  }
  const apiKey = values['api-key'] ?? process.env.L4R_API_KEY;
  const engine = new OpenAiHttpEngine({
    baseUrl,
    model,
    timeoutMs: number(values['timeout-ms'], 'timeout-ms', 120_000),
    ...(apiKey === undefined ? {} : { apiKey }),
  });
  const topLogprobs = number(values['top-logprobs'], 'top-logprobs', 0);
  const response = await engine.chat({
    messages: [
      ...(values.system === undefined ? [] : [{ role: 'system' as const, content: values.system }]),
      { role: 'user' as const, content: prompt },
    ],
    maxTokens: number(values['max-tokens'], 'max-tokens', 64),
    temperature: number(values.temperature, 'temperature', 0),
    ...(topLogprobs > 0 ? { topLogprobs } : {}),
  });
  console.log(response.text);
  console.error(`[finish: ${response.finishReason}${response.usage ? `, tokens: ${response.usage.promptTokens} in / ${response.usage.completionTokens} out` : ''}]`);
  for (const token of response.logprobs ?? []) {
    const top = token.top.map((t) => `${JSON.stringify(t.token)} ${t.logprob.toFixed(3)}`).join(', ');
    console.error(`${JSON.stringify(token.token)} ${token.logprob.toFixed(3)}  [${top}]`);
  }
  return 0;
}
