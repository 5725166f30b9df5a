/**
 * LLM test doubles (ScriptedLlmDouble scripts) answering the listwise re-ranking prompt, for the
 * aggregation's effect tests. Neither is a language model:
 *  - the ORACLE is told the held-out item's title out of band (that is what makes it an
 *    oracle) and names its label first, then the other labels in the order shown;
 *  - the RANDOM double names the labels in a seeded random order.
 */
import { Random } from '../../models/random.ts';
import type { ChatRequest } from '../../llm/engine.ts';
import { ScriptedLlmDouble, type AnswerScript } from '../../llm/test-double.ts';
import { quoteTitle, type HistoryEntry, type PromptItem } from '../../llm/prompts/index.ts';
import type { RankWithLlm } from '../aggregate-users.ts';
import { listwiseRanker } from '../llm-rankers.ts';

/** The candidate lines "[A] "Title" …" of the last message: label and the rest of the line. */
function candidateLines(request: ChatRequest): { label: string; text: string }[] {
  const content = request.messages.at(-1)?.content ?? '';
  return [...content.matchAll(/^\[([A-Z]+)\] (.*)$/gm)].map((m) => ({ label: m[1]!, text: m[2]! }));
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
    const labels = candidateLines(request).map((l) => l.label);
    return Array.from(random.shuffle(Int32Array.from(labels.keys())), (i) => labels[i]!).join(', ');
  };
}

export interface DoubleRankerOptions {
  /** The held-out item's title for a user (what the oracle is told); null when there is none. */
  targetTitle(user: number): string | null;
  history(user: number): readonly HistoryEntry[];
  item(index: number): PromptItem;
  /** Seed of the random double. */
  seed?: number;
}

/** The product's listwise ranker over the oracle or the random double. */
export function doubleRanker(kind: 'oracle' | 'random', options: DoubleRankerOptions): RankWithLlm {
  let title: string | null = null;
  const script = kind === 'oracle' ? oracleScript(() => title) : randomScript(options.seed ?? 7);
  const rank = listwiseRanker({ engine: new ScriptedLlmDouble(script, { name: kind }), history: options.history, item: options.item });
  // The wrapper sees the user; the script sees only the prompt.
  return (request) => {
    title = options.targetTitle(request.user);
    return rank(request);
  };
}
