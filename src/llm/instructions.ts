/**
 * The instruction-tuning format (the paper's §6): `{ instruction, input, output }` per record,
 * instruction = the system message, input = the user message our prompt builders send at
 * inference, output = the answer the loop parses. JSON Lines, as instruction-tuning tools read
 * it (e.g. LLaMA-Factory's alpaca format). The records themselves are built by the loop's own
 * prompt code (src/loop/loop-instructions.ts), so a model tuned on them sees the prompts it gets.
 */
import type { ChatMessage } from './engine.ts';

export interface InstructionRecord {
  instruction: string;
  input: string;
  output: string;
}

export type InstructionTask = 'rank' | 'rating';

/** Users with fewer interactions are dropped, as in the paper. */
export const MIN_INTERACTIONS = 3;

/** A chat prompt (system + user message) and its answer as one record. */
export function toRecord(messages: readonly ChatMessage[], output: string): InstructionRecord {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  return { instruction: system, input: user, output };
}

/** One JSON object per line, UTF-8, the way instruction-tuning tools read JSONL. */
export function toJsonl(records: readonly InstructionRecord[]): string {
  return records.map((r) => JSON.stringify({ instruction: r.instruction, input: r.input, output: r.output })).join('\n') + (records.length ? '\n' : '');
}
