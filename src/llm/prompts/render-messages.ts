/** Chat messages as plain text for people (the `l4r prompt` output and the golden files). */
import type { ChatMessage } from '../engine.ts';

export function renderMessages(messages: readonly ChatMessage[]): string {
  return messages.map((message) => `=== ${message.role} ===\n${message.content}\n`).join('\n');
}
