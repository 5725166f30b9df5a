/**
 * Answer scripts for `ScriptedLlmDouble` (TEST DOUBLES, not language models) that answer a
 * candidate prompt by naming the labels of its "[X] …" candidate lines. Library code (the loop's
 * named doubles in src/recommender/double-engines.ts) and the aggregation's effect tests both
 * build on them, so they live here rather than in a testing module.
 *  - the ORACLE is told the held-out item's title out of band (that is what makes it an oracle)
 *    and names its label first, then the other labels in the order shown;
 *  - the RANDOM script names the labels in a seeded random order.
 */
import { Random } from '../random.ts';
import type { ChatRequest } from './engine.ts';
import type { AnswerScript } from './test-double.ts';
import { quoteTitle } from './prompts/index.ts';

/** The candidate lines "[A] "Title" …" of the last message: label and the rest of the line. */
export function candidateLines(request: ChatRequest): { label: string; text: string }[] {
  const content = request.messages.at(-1)?.content ?? '';
  return [...content.matchAll(/^\[([A-Z]+)\] (.*)$/gm)].map((m) => ({ label: m[1]!, text: m[2]! }));
}

/** The labels of the candidate lines, in the order shown. */
export function labelsShown(request: ChatRequest): string[] {
  return candidateLines(request).map((l) => l.label);
}

export function oracleScript(targetTitle: () => string | null): AnswerScript {
  return (request) => {
    const lines = candidateLines(request);
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
