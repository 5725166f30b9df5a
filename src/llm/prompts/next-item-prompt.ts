/**
 * Next-item choice (Llama4Rec sequential task, also its sequential data augmentation): from the
 * user's sequence, the model picks the one candidate the user interacts with next. With `k`, the
 * listwise form of the same question (the 'next' task's re-ranking of SASRec's top-k'): the top k
 * candidates, most likely next first.
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

export interface NextItemPromptInput {
  /** The user's interaction sequence, oldest first. */
  history: readonly HistoryEntry[];
  candidates: readonly PromptItem[];
  similarUser?: SimilarUserHistory;
  /** The conventional model's ranking: candidate indices, best first. */
  conventionalRanking?: readonly number[];
  /** Ask for the top k candidates, best first (re-ranking), instead of the one next item. */
  k?: number;
}

export function buildNextItemPrompt(input: NextItemPromptInput, options: PromptOptions): BuiltPrompt {
  checkCandidates(input.candidates.length, 2);
  const k = input.k;
  if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > input.candidates.length)) {
    throw new RecError('CONFIG_INVALID', `k must be between 1 and the number of candidates (${input.candidates.length}), got ${k}.`);
  }
  const { one, many } = nouns(options);
  const shown = candidateList(input.candidates, many);
  const { labels } = shown;
  const listwise = k !== undefined;
  const system = listwise
    ? systemMessage(options, `Answer with candidate labels only, most likely next first, separated by commas (for example: ${labels.slice(0, Math.min(k, 3)).reverse().join(', ')}). Do not explain.`)
    : systemMessage(options, `Answer with the label of exactly one candidate (for example: ${labels[1]}) and nothing else.`);
  const hint = input.conventionalRanking ? labelsOfRanking(input.conventionalRanking, labels) : undefined;
  const tail = hint === undefined ? [] : ['', `Conventional model's ranking (best first): ${hint}`];
  const answer = !listwise || k === 1 ? 'Answer with one label.' : `Answer with the labels of the top ${k} candidates, most likely next first, separated by commas.`;
  tail.push('', `Candidate ${many}:`, ...shown.lines, ...shown.notes, '', answer);
  const question = listwise
    ? `Given the order in which the user interacted with ${many}, rank the candidate ${many} by how likely the user is to interact with each of them next, and return the top ${k === 1 ? 'one' : String(k)}.`
    : `Given the order in which the user interacted with ${many}, which candidate ${one} will the user interact with next?`;
  return buildHistoryPrompt(
    'next',
    input,
    {
      system,
      question,
      ownHeading: 'Interaction sequence',
      similarHeading: "Most similar user's sequence",
      tail,
      candidates: shown.refs,
    },
    options,
  );
}
