/**
 * Orders a batch of chat requests so that requests sharing leading messages run back to back.
 * WebLLM runs one request at a time per model and reuses its KV cache only when the earlier
 * messages of the new request equal those of the previous one; an OpenAI-compatible server with
 * prefix caching (vLLM, llama.cpp) gains the same way from shared leading text.
 *
 * The order is the depth-first order of a trie over (role, content) messages, i.e. a
 * lexicographic sort message by message, then by content. Requests for the same user start with
 * the same system message and the same history text, so they end up adjacent. Stable: equal
 * requests keep their input order.
 */
import type { ChatMessage } from '../engine.ts';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareMessageLists(a: readonly ChatMessage[], b: readonly ChatMessage[]): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const x = a[i] as ChatMessage;
    const y = b[i] as ChatMessage;
    const byRole = compareText(x.role, y.role);
    if (byRole !== 0) return byRole;
    const byContent = compareText(x.content, y.content);
    if (byContent !== 0) return byContent;
  }
  return a.length - b.length;
}

/** Returns a new array; `messagesOf` picks the messages out of whatever the caller queues. */
export function orderForPrefixReuse<T>(requests: readonly T[], messagesOf: (request: T) => readonly ChatMessage[]): T[] {
  return requests
    .map((request, index) => ({ request, index, messages: messagesOf(request) }))
    .sort((a, b) => compareMessageLists(a.messages, b.messages) || a.index - b.index)
    .map((entry) => entry.request);
}

/** Characters of the longest common prefix of two requests' messages, concatenated in order. */
export function sharedPrefixChars(a: readonly ChatMessage[], b: readonly ChatMessage[]): number {
  const join = (messages: readonly ChatMessage[]) => messages.map((m) => `${m.role}\u0000${m.content}\u0000`).join('');
  const x = join(a);
  const y = join(b);
  let i = 0;
  while (i < x.length && i < y.length && x.charCodeAt(i) === y.charCodeAt(i)) i++;
  return i;
}

/** Total characters consecutive requests share, in the given order: what a prefix cache can skip. */
export function reusableChars<T>(requests: readonly T[], messagesOf: (request: T) => readonly ChatMessage[]): number {
  let total = 0;
  for (let i = 1; i < requests.length; i++) {
    total += sharedPrefixChars(messagesOf(requests[i - 1] as T), messagesOf(requests[i] as T));
  }
  return total;
}
