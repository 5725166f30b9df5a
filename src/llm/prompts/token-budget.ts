/**
 * Keeping prompts inside the model's context window without its tokenizer (the exact tokenizer
 * lives inside WebLLM's wasm or on a remote server, not here). The estimate is deliberately
 * pessimistic so a prompt that passes always fits:
 *  - ASCII text: 1 token per 3.2 characters. LLaMA-2's SentencePiece averages about 4 characters
 *    per token on English prose, but titles are dense with digits, capitals, punctuation and JSON
 *    quotes, which split finer; 3.2 leaves that margin.
 *  - Non-ASCII characters: 1 token per UTF-8 byte (SentencePiece's byte fallback is the worst case).
 *  - Each message: 10 tokens for the chat template's markers ([INST], <<SYS>>, role headers).
 */
import { RecError } from '../../errors.ts';
import type { ChatMessage } from '../engine.ts';

export const CHARS_PER_TOKEN = 3.2;
export const TOKENS_PER_MESSAGE = 10;
/** Tokens kept free for the answer when the caller does not say. */
export const DEFAULT_ANSWER_RESERVE = 128;

export interface TokenBudget {
  /** The model's context window (prompt + answer), e.g. `LlmEngine.contextWindow`. */
  contextWindow: number;
  /** Tokens kept free for the answer; default `DEFAULT_ANSWER_RESERVE`. */
  answerReserve?: number;
}

const encoder = new TextEncoder();

const ALL_ASCII = /^[\u0000-\u007f]*$/;

export function estimateTokens(text: string): number {
  // Fast path: most prompts are pure ASCII, and this runs once per budget probe.
  if (ALL_ASCII.test(text)) return Math.ceil(text.length / CHARS_PER_TOKEN);
  let ascii = 0;
  let otherBytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) ascii += 1;
    else otherBytes += encoder.encode(char).length;
  }
  return Math.ceil(ascii / CHARS_PER_TOKEN) + otherBytes;
}

export function estimateMessageTokens(messages: readonly ChatMessage[]): number {
  let total = 0;
  for (const message of messages) total += TOKENS_PER_MESSAGE + estimateTokens(message.content);
  return total;
}

export function promptTokenLimit(budget: TokenBudget): number {
  const reserve = budget.answerReserve ?? DEFAULT_ANSWER_RESERVE;
  if (!Number.isFinite(budget.contextWindow) || budget.contextWindow <= reserve) {
    throw new RecError(
      'CONFIG_INVALID',
      `contextWindow (${budget.contextWindow}) must be larger than answerReserve (${reserve}); check the model registry entry.`,
    );
  }
  return budget.contextWindow - reserve;
}

export interface Fitted {
  messages: ChatMessage[];
  /** How many of the most recent history entries each trimmable list kept. */
  keep: number;
  estimatedTokens: number;
}

/**
 * Finds the largest `keep` in [0, maxKeep] whose rendering fits the budget (binary search:
 * the estimate grows with `keep`). `render(keep)` must cut every trimmable history to its
 * `keep` most recent entries. Throws `PROMPT_TOO_LONG` when even `keep = 0` does not fit,
 * i.e. the candidates alone are too long.
 */
export function fitToBudget(render: (keep: number) => ChatMessage[], maxKeep: number, budget: TokenBudget): Fitted {
  const limit = promptTokenLimit(budget);
  const smallest = render(0);
  const smallestTokens = estimateMessageTokens(smallest);
  if (smallestTokens > limit) {
    throw new RecError(
      'PROMPT_TOO_LONG',
      `The prompt needs about ${smallestTokens} tokens without any history, but only ${limit} are available ` +
        `(context ${budget.contextWindow} minus the answer reserve). Use fewer candidates or a model with a larger context window.`,
    );
  }
  let best: Fitted = { messages: smallest, keep: 0, estimatedTokens: smallestTokens };
  let low = 1;
  let high = maxKeep;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const messages = render(mid);
    const tokens = estimateMessageTokens(messages);
    if (tokens <= limit) {
      best = { messages, keep: mid, estimatedTokens: tokens };
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

/** The `keep` most recent entries of a chronological (oldest-first) list. */
export function mostRecent<T>(list: readonly T[], keep: number): T[] {
  return keep <= 0 ? [] : list.slice(Math.max(0, list.length - keep));
}
