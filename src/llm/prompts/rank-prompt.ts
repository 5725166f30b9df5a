/**
 * Listwise re-ranking (Llama4Rec top-k task): the model orders the conventional model's
 * candidates and returns the top k labels. Prompt augmentation: the most similar user's history
 * and the conventional model's own ranking of the same candidates, each optional.
 */
import { RecError } from '../../errors.ts';
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
  const shown = candidateList(input.candidates, many);
  const { labels } = shown;
  const example = labels.slice(0, Math.min(input.k, 3)).reverse().join(', ');
  const system = systemMessage(
    options,
    `Answer with candidate labels only, best first, separated by commas (for example: ${example}). Do not explain.`,
  );
  const topWhat = input.k === 1 ? 'one' : String(input.k);
  const hint = input.conventionalRanking ? labelsOfRanking(input.conventionalRanking, labels) : undefined;
  const tail = hint === undefined ? [] : ['', `Conventional model's ranking (best first): ${hint}`];
  tail.push(
    '',
    `Candidate ${many}:`,
    ...shown.lines,
    ...shown.notes,
    '',
    input.k === 1 ? 'Answer with the label of the top candidate.' : `Answer with the labels of the top ${input.k} candidates, best first, separated by commas.`,
  );
  return buildHistoryPrompt(
    'rank',
    input,
    {
      system,
      question: `Rank the candidate ${many} by how likely the user is to choose them next, based on the user's interaction history, and return the top ${topWhat}.`,
      ownHeading: 'Interaction history',
      similarHeading: "Most similar user's history",
      tail,
      candidates: shown.refs,
    },
    options,
  );
}
