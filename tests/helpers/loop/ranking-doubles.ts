/**
 * LLM test doubles answering the listwise re-ranking prompt, for the aggregation's effect tests:
 * the product's listwise ranker over the oracle or the random script of src/testing/double-scripts.ts.
 * Neither is a language model.
 */
import { ScriptedLlmDouble } from '../../../src/testing/test-double.ts';
import { oracleScript, randomScript } from '../../../src/testing/double-scripts.ts';
import type { HistoryEntry, PromptItem } from '../../../src/llm/prompts/index.ts';
import type { RankWithLlm } from '../../../src/aggregate/aggregate-users.ts';
import { listwiseRanker } from '../../../src/loop/llm-rankers.ts';

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
