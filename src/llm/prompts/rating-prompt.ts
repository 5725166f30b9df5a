/**
 * Rating prediction (Llama4Rec rating task): "Rating history (title: r)", the target item, and
 * optionally the most similar user's ratings and "Conventional model prediction: 3.2". Pointwise
 * ranking asks the same question of each candidate (the paper's pointwise re-ranking), with the
 * ranking model's place of the candidate as its hint instead of a predicted rating.
 * The answer is one digit 1–5, so logprob scoring can take the expectation over digit tokens.
 */
import { RecError } from '../../errors.ts';
import { describeItem, type PromptItem } from './item-text.ts';
import { buildHistoryPrompt } from './history-prompt.ts';
import { hintText } from './pointwise-prompt.ts';
import { nouns, systemMessage, type BuiltPrompt, type HistoryEntry, type PromptOptions, type SimilarUserHistory } from './sections.ts';

export interface RatingPromptInput {
  /** The user's rated interactions, oldest first. */
  history: readonly HistoryEntry[];
  target: PromptItem;
  /** The most similar user's ratings, oldest first. */
  similarUser?: SimilarUserHistory;
  /** The conventional model's predicted rating of the target. */
  conventionalPrediction?: number;
  /** Pointwise ranking: the ranking model's place of the target among the candidates (a ranking model predicts no rating). */
  conventionalRank?: { position: number; of: number };
}

export function buildRatingPrompt(input: RatingPromptInput, options: PromptOptions): BuiltPrompt {
  const hint = input.conventionalPrediction;
  if (hint !== undefined && !Number.isFinite(hint)) {
    throw new RecError('CONFIG_INVALID', `conventionalPrediction must be a finite number, got ${hint}; leave it out if the model has none.`);
  }
  const { one } = nouns(options);
  const system = systemMessage(options, 'Answer with a single digit from 1 to 5 and nothing else.');
  const tail = hint === undefined ? [] : ['', `Conventional model prediction: ${hint.toFixed(1)}`];
  if (input.conventionalRank) tail.push('', hintText({ kind: 'rank', ...input.conventionalRank }, one));
  tail.push('', `Target ${one}: ${describeItem(input.target)}`, '', 'Answer with one digit from 1 to 5.');
  return buildHistoryPrompt(
    'rating',
    input,
    {
      system,
      question: `Predict the rating from 1 (worst) to 5 (best) that the user would give the target ${one}, based on the user's rating history.`,
      ownHeading: 'Rating history',
      similarHeading: "Most similar user's ratings",
      order: 'oldest first, title: rating',
      style: 'colon',
      tail,
      candidates: [],
    },
    options,
  );
}
