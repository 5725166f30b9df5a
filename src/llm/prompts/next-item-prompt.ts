/**
 * Next-item choice (Llama4Rec sequential task, also its sequential data augmentation): from the
 * user's sequence, the model picks the one candidate the user interacts with next.
 */
import type { PromptItem } from './item-text.ts';
import { candidateList } from './candidate-list.ts';
import { buildHistoryPrompt } from './history-prompt.ts';
import {
  checkCandidates,
  labelsOfRanking,
  nouns,
  systemMessage,
  type BuiltPrompt,
  type HistoryEntry,
  type PromptOptions,
  type SimilarUserHistory,
} from './sections.ts';

export interface NextItemPromptInput {
  /** The user's interaction sequence, oldest first. */
  history: readonly HistoryEntry[];
  candidates: readonly PromptItem[];
  similarUser?: SimilarUserHistory;
  /** The conventional model's ranking: candidate indices, best first. */
  conventionalRanking?: readonly number[];
}

export function buildNextItemPrompt(input: NextItemPromptInput, options: PromptOptions): BuiltPrompt {
  checkCandidates(input.candidates.length, 2);
  const { one, many } = nouns(options);
  const shown = candidateList(input.candidates, many);
  const { labels } = shown;
  const system = systemMessage(options, `Answer with the label of exactly one candidate (for example: ${labels[1]}) and nothing else.`);
  const hint = input.conventionalRanking ? labelsOfRanking(input.conventionalRanking, labels) : undefined;
  const tail = hint === undefined ? [] : ['', `Conventional model's ranking (best first): ${hint}`];
  tail.push('', `Candidate ${many}:`, ...shown.lines, ...shown.notes, '', 'Answer with one label.');
  return buildHistoryPrompt(
    'next',
    input,
    {
      system,
      question: `Given the order in which the user interacted with ${many}, which candidate ${one} will the user interact with next?`,
      ownHeading: 'Interaction sequence',
      similarHeading: "Most similar user's sequence",
      tail,
      candidates: shown.refs,
    },
    options,
  );
}
