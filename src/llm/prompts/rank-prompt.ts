/**
 * Listwise re-ranking (Llama4Rec top-k task): the model orders the conventional model's
 * candidates and returns the top k labels. Prompt augmentation: the most similar user's history
 * and the conventional model's own ranking of the same candidates, each optional.
 */
import { RecError } from '../../errors.ts';
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

export interface RankPromptInput {
  /** The user's interactions, oldest first. */
  history: readonly HistoryEntry[];
  candidates: readonly PromptItem[];
  /** How many to return (the paper evaluates top 3 and top 5). */
  k: number;
  similarUser?: SimilarUserHistory;
  /** The conventional model's ranking: candidate indices, best first. */
  conventionalRanking?: readonly number[];
}

export function buildRankPrompt(input: RankPromptInput, options: PromptOptions): BuiltPrompt {
  checkCandidates(input.candidates.length, 2);
  if (!Number.isInteger(input.k) || input.k < 1 || input.k > input.candidates.length) {
    throw new RecError('CONFIG_INVALID', `k must be between 1 and the number of candidates (${input.candidates.length}), got ${input.k}.`);
  }
  const { many } = nouns(options);
  const labels = candidateLabels(input.candidates.length);
  const example = labels.slice(0, Math.min(input.k, 3)).reverse().join(', ');
  const system = systemMessage(
    options,
    `Answer with candidate labels only, best first, separated by commas (for example: ${example}). Do not explain.`,
  );
  const topWhat = input.k === 1 ? 'one' : String(input.k);
  const similar = input.similarUser?.history ?? [];
  const hint = input.conventionalRanking ? labelsOfRanking(input.conventionalRanking, labels) : undefined;
  const render = (keep: number) => {
    const own = mostRecent(input.history, keep);
    const lines = [
      `Rank the candidate ${many} by how likely the user is to choose them next, based on the user's interaction history, and return the top ${topWhat}.`,
      '',
      historyHeading('Interaction history', own.length, input.history.length),
      ...historyLines(own),
    ];
    if (input.similarUser) {
      const theirs = mostRecent(similar, keep);
      lines.push('', historyHeading("Most similar user's history", theirs.length, similar.length), ...historyLines(theirs));
    }
    if (hint !== undefined) lines.push('', `Conventional model's ranking (best first): ${hint}`);
    lines.push(
      '',
      `Candidate ${many}:`,
      ...candidateLines(input.candidates, labels),
      '',
      input.k === 1 ? 'Answer with the label of the top candidate.' : `Answer with the labels of the top ${input.k} candidates, best first, separated by commas.`,
    );
    return [system, { role: 'user' as const, content: lines.join('\n') }];
  };
  const fitted = fitToBudget(render, Math.max(input.history.length, similar.length), options);
  return builtPrompt('rank', fitted, labels, {
    history: Math.min(fitted.keep, input.history.length),
    historyGiven: input.history.length,
    similarUser: Math.min(fitted.keep, similar.length),
    similarUserGiven: similar.length,
  });
}
