/**
 * Rating prediction (Llama4Rec rating task): "Rating history (title: r)", the target item, and
 * optionally the most similar user's ratings and "Conventional model prediction: 3.2".
 * The answer is one digit 1–5, so logprob scoring can take the expectation over digit tokens.
 */
import { RecError } from '../../errors.ts';
import { describeItem, type PromptItem } from './item-text.ts';
import {
  builtPrompt,
  historyHeading,
  historyLines,
  nouns,
  systemMessage,
  type BuiltPrompt,
  type HistoryEntry,
  type PromptOptions,
  type SimilarUserHistory,
} from './sections.ts';
import { fitToBudget, mostRecent } from './token-budget.ts';

export interface RatingPromptInput {
  /** The user's rated interactions, oldest first. */
  history: readonly HistoryEntry[];
  target: PromptItem;
  /** The most similar user's ratings, oldest first. */
  similarUser?: SimilarUserHistory;
  /** The conventional model's predicted rating of the target. */
  conventionalPrediction?: number;
}

export function buildRatingPrompt(input: RatingPromptInput, options: PromptOptions): BuiltPrompt {
  const hint = input.conventionalPrediction;
  if (hint !== undefined && !Number.isFinite(hint)) {
    throw new RecError('CONFIG_INVALID', `conventionalPrediction must be a finite number, got ${hint}; leave it out if the model has none.`);
  }
  const { one } = nouns(options);
  const system = systemMessage(options, 'Answer with a single digit from 1 to 5 and nothing else.');
  const similar = input.similarUser?.history ?? [];
  const render = (keep: number) => {
    const own = mostRecent(input.history, keep);
    const lines = [
      `Predict the rating from 1 (worst) to 5 (best) that the user would give the target ${one}, based on the user's rating history.`,
      '',
      historyHeading('Rating history', own.length, input.history.length, 'oldest first, title: rating'),
      ...historyLines(own, 'colon'),
    ];
    if (input.similarUser) {
      const theirs = mostRecent(similar, keep);
      lines.push(
        '',
        historyHeading("Most similar user's ratings", theirs.length, similar.length, 'oldest first, title: rating'),
        ...historyLines(theirs, 'colon'),
      );
    }
    if (hint !== undefined) lines.push('', `Conventional model prediction: ${hint.toFixed(1)}`);
    lines.push('', `Target ${one}: ${describeItem(input.target)}`, '', 'Answer with one digit from 1 to 5.');
    return [system, { role: 'user' as const, content: lines.join('\n') }];
  };
  const fitted = fitToBudget(render, Math.max(input.history.length, similar.length), options);
  return builtPrompt('rating', fitted, [], {
    history: Math.min(fitted.keep, input.history.length),
    historyGiven: input.history.length,
    similarUser: Math.min(fitted.keep, similar.length),
    similarUserGiven: similar.length,
  });
}
