/**
 * Pointwise preference: "will the user like this candidate? Yes/No". Scored by P(Yes) from
 * logprobs, which turns a yes/no question into a score the re-ranker can sort by.
 */
import { describeItem, type PromptItem } from './item-text.ts';
import { buildHistoryPrompt } from './history-prompt.ts';
import {
  nouns,
  ordinal,
  systemMessage,
  type BuiltPrompt,
  type HistoryEntry,
  type PromptOptions,
  type SimilarUserHistory,
} from './sections.ts';
import { RecError } from '../../errors.ts';

/** What the conventional model thinks of the candidate, in words. */
export type PointwiseHint =
  | { kind: 'rank'; position: number; of: number }
  | { kind: 'rating'; value: number };

export interface PointwisePromptInput {
  /** The user's interactions, oldest first. */
  history: readonly HistoryEntry[];
  candidate: PromptItem;
  similarUser?: SimilarUserHistory;
  conventionalHint?: PointwiseHint;
}

/** The conventional model's view of one candidate as a prompt line (also the rating prompt's rank hint). */
export function hintText(hint: PointwiseHint, one: string): string {
  if (hint.kind === 'rating') {
    if (!Number.isFinite(hint.value)) throw new RecError('CONFIG_INVALID', `conventionalHint.value must be finite, got ${hint.value}.`);
    return `Conventional model prediction: ${hint.value.toFixed(1)}`;
  }
  if (!Number.isInteger(hint.position) || hint.position < 1 || hint.position > hint.of) {
    throw new RecError('CONFIG_INVALID', `conventionalHint.position must be between 1 and ${hint.of}, got ${hint.position}.`);
  }
  return `Conventional model's ranking: this ${one} is ${ordinal(hint.position)} of ${hint.of} candidates.`;
}

export function buildPointwisePrompt(input: PointwisePromptInput, options: PromptOptions): BuiltPrompt {
  const { one } = nouns(options);
  const system = systemMessage(options, 'Answer with Yes or No and nothing else.');
  const hint = input.conventionalHint ? hintText(input.conventionalHint, one) : undefined;
  const tail = hint === undefined ? [] : ['', hint];
  tail.push('', `Candidate ${one}: ${describeItem(input.candidate)}`, '', 'Answer Yes or No.');
  return buildHistoryPrompt(
    'pointwise',
    input,
    {
      system,
      question: `Based on the user's interaction history, will the user like the candidate ${one}?`,
      ownHeading: 'Interaction history',
      similarHeading: "Most similar user's history",
      tail,
      candidates: [],
    },
    options,
  );
}
