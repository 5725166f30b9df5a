/**
 * Answer scripts for `ScriptedLlmDouble` (TEST DOUBLES, not language models) that answer a
 * candidate prompt by naming the labels of its "[X] …" candidate lines. The named doubles
 * (double-engines.ts) and the aggregation's effect tests both build on them.
 *  - the ORACLE is told the held-out item's title out of band (that is what makes it an oracle)
 *    and names its label first, then the other labels in the order shown;
 *  - the RANDOM script names the labels in a seeded random order.
 * The ATTRIBUTE double answers an item-attribute prompt (prompts/attribute-prompt.ts) with
 * made-up names built from the title's first word ("Toy Director", "Toy One", "Toy Two"), so a
 * test can tell which answer landed on which item; they are not facts about the item.
 */
import { Random } from '../random.ts';
import type { ChatRequest } from '../llm/engine.ts';
import type { AnswerScript } from './test-double.ts';
import { quoteTitle } from '../llm/prompts/index.ts';

/** The candidate lines "[A] "Title" …" of the last message: label and the rest of the line. */
function readCandidateLines(request: ChatRequest): { label: string; text: string }[] {
  const content = request.messages.at(-1)?.content ?? '';
  return [...content.matchAll(/^\[([A-Z]+)\] (.*)$/gm)].map((m) => ({ label: m[1]!, text: m[2]! }));
}

/** The labels of the candidate lines, in the order shown. */
export function labelsShown(request: ChatRequest): string[] {
  return readCandidateLines(request).map((l) => l.label);
}

export function oracleScript(targetTitle: () => string | null): AnswerScript {
  return (request) => {
    const lines = readCandidateLines(request);
    const title = targetTitle();
    const hit = title === null ? undefined : lines.find((l) => l.text.startsWith(quoteTitle(title)));
    const labels = lines.map((l) => l.label);
    return (hit ? [hit.label, ...labels.filter((l) => l !== hit.label)] : labels).join(', ');
  };
}

export function randomScript(seed: number): AnswerScript {
  const random = new Random(seed);
  return (request) => {
    const labels = labelsShown(request);
    return Array.from(random.shuffle(Int32Array.from(labels.keys())), (i) => labels[i]!).join(', ');
  };
}

/** True for an item-attribute prompt (prompts/attribute-prompt.ts asks for this JSON shape). */
export function isAttributePrompt(request: ChatRequest): boolean {
  return /^Answer as \{"director"/m.test(request.messages.at(-1)?.content ?? '');
}

/** The first quoted title of the last message, parsed back from its JSON string, or ''. */
function quotedTitle(request: ChatRequest): string {
  const quoted = /"(?:[^"\\]|\\.)*"/.exec(request.messages.at(-1)?.content ?? '')?.[0];
  try {
    return quoted === undefined ? '' : String(JSON.parse(quoted));
  } catch {
    return '';
  }
}

/** TEST DOUBLE answer to an attribute prompt: names from the title's first word (letters only, or "Untitled"). */
export const attributeDoubleScript: AnswerScript = (request) => {
  const word = /\p{L}+/u.exec(quotedTitle(request))?.[0] ?? 'Untitled';
  return JSON.stringify({ director: `${word} Director`, stars: [`${word} One`, `${word} Two`] });
};
