/**
 * Connects the augmentation job to the pairwise prompt (src/llm/prompts/pair-prompt.ts): where
 * a user's history, the items' texts and, optionally, the prompt-augmentation parts come from.
 */
import { buildPairPrompt, type HistoryEntry, type PairPromptInput, type PromptItem, type PromptOptions, type SimilarUserHistory } from '../llm/prompts/index.ts';
import type { BuildPairPrompt } from './augment-pairs.ts';
import type { ItemPair } from './pair-sampler.ts';

export interface PairPromptSource {
  /** The user's rated training interactions, oldest first. */
  history(user: number): readonly HistoryEntry[] | Promise<readonly HistoryEntry[]>;
  item(index: number): PromptItem;
  /** The most similar user's history (prompt augmentation); omit to leave it out. */
  similarUser?(user: number): SimilarUserHistory | undefined | Promise<SimilarUserHistory | undefined>;
  /**
   * Which of the pair MF prefers (prompt augmentation); omit to leave the hint out. Off by
   * default for augmentation: an LLM that echoes MF would only feed MF its own opinion back.
   */
  mfPreference?(user: number, pair: ItemPair): 'A' | 'B' | undefined | Promise<'A' | 'B' | undefined>;
  options: PromptOptions;
}

export function pairPromptBuilder(source: PairPromptSource): BuildPairPrompt {
  return async (user, pair) => {
    const input: PairPromptInput = {
      history: await source.history(user),
      itemA: source.item(pair[0]),
      itemB: source.item(pair[1]),
    };
    const similar = await source.similarUser?.(user);
    if (similar) input.similarUser = similar;
    const preferred = await source.mfPreference?.(user, pair);
    if (preferred) input.conventionalPreferred = preferred;
    return buildPairPrompt(input, source.options);
  };
}
