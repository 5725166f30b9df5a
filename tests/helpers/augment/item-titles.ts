/**
 * Test helpers for scripted LLM doubles: items titled "Item <n>", so a script can read which
 * items a prompt's candidate lines ("[A] "Item 17"") name.
 */
import type { ChatRequest } from '../../../src/llm/engine.ts';
import type { PromptItem } from '../../../src/llm/prompts/index.ts';

export function titledItem(index: number): PromptItem {
  return { title: `Item ${index}` };
}

/** Candidate label → item index, from the last user message's candidate lines. */
export function candidatesInPrompt(request: ChatRequest): Map<string, number> {
  const text = request.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const out = new Map<string, number>();
  for (const match of text.matchAll(/^\[([A-Z]+)\] "Item (\d+)"/gm)) out.set(match[1]!, Number(match[2]));
  return out;
}
