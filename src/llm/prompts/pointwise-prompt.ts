/**
 * Pointwise preference: "will the user like this candidate? Yes/No". Scored by P(Yes) from
 * logprobs, which turns a yes/no question into a score the re-ranker can sort by.
 */
import { describeItem, type PromptItem } from './item-text.ts';
import {
  builtPrompt,
  historyHeading,
  historyLines,
  nouns,
  ordinal,
  systemMessage,
  type BuiltPrompt,
  type HistoryEntry,
  type PromptOptions,
  type SimilarUserHistory,
} from './sections.ts';
import { fitToBudget, mostRecent } from './token-budget.ts';
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

function hintText(hint: PointwiseHint, one: string): string {
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
  const similar = input.similarUser?.history ?? [];
  const hint = input.conventionalHint ? hintText(input.conventionalHint, one) : undefined;
  const render = (keep: number) => {
    const own = mostRecent(input.history, keep);
    const lines = [
      `Based on the user's interaction history, will the user like the candidate ${one}?`,
      '',
      historyHeading('Interaction history', own.length, input.history.length),
      ...historyLines(own),
    ];
    if (input.similarUser) {
      const theirs = mostRecent(similar, keep);
      lines.push('', historyHeading("Most similar user's history", theirs.length, similar.length), ...historyLines(theirs));
    }
    if (hint !== undefined) lines.push('', hint);
    lines.push('', `Candidate ${one}: ${describeItem(input.candidate)}`, '', 'Answer Yes or No.');
    return [system, { role: 'user' as const, content: lines.join('\n') }];
  };
  const fitted = fitToBudget(render, Math.max(input.history.length, similar.length), options);
  return builtPrompt('pointwise', fitted, [], {
    history: Math.min(fitted.keep, input.history.length),
    historyGiven: input.history.length,
    similarUser: Math.min(fitted.keep, similar.length),
    similarUserGiven: similar.length,
  });
}
