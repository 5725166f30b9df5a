/**
 * Next-item choice (Llama4Rec sequential task, also its sequential data augmentation): from the
 * user's sequence, the model picks the one candidate the user interacts with next.
 */
import type { PromptItem } from './item-text.ts';
import { candidateLabels } from './labels.ts';
import {
  builtPrompt,
  candidateLines,
  checkCandidates,
  historyHeading,
  historyLines,
  labelsOfRanking,
  nouns,
  systemMessage,
  type BuiltPrompt,
  type HistoryEntry,
  type PromptOptions,
  type SimilarUserHistory,
} from './sections.ts';
import { fitToBudget, mostRecent } from './token-budget.ts';

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
  const labels = candidateLabels(input.candidates.length);
  const system = systemMessage(options, 'Answer with the label of exactly one candidate (for example: B) and nothing else.');
  const similar = input.similarUser?.history ?? [];
  const hint = input.conventionalRanking ? labelsOfRanking(input.conventionalRanking, labels) : undefined;
  const render = (keep: number) => {
    const own = mostRecent(input.history, keep);
    const lines = [
      `Given the order in which the user interacted with ${many}, which candidate ${one} will the user interact with next?`,
      '',
      historyHeading('Interaction sequence', own.length, input.history.length),
      ...historyLines(own),
    ];
    if (input.similarUser) {
      const theirs = mostRecent(similar, keep);
      lines.push('', historyHeading("Most similar user's sequence", theirs.length, similar.length), ...historyLines(theirs));
    }
    if (hint !== undefined) lines.push('', `Conventional model's ranking (best first): ${hint}`);
    lines.push('', `Candidate ${many}:`, ...candidateLines(input.candidates, labels), '', 'Answer with one label.');
    return [system, { role: 'user' as const, content: lines.join('\n') }];
  };
  const fitted = fitToBudget(render, Math.max(input.history.length, similar.length), options);
  return builtPrompt('next', fitted, labels, {
    history: Math.min(fitted.keep, input.history.length),
    historyGiven: input.history.length,
    similarUser: Math.min(fitted.keep, similar.length),
    similarUserGiven: similar.length,
  });
}
