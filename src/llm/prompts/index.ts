/** The Llama4Rec prompt builders and their helpers. */
export { PROMPT_VERSION } from './prompt-version.ts';
export {
  cleanTitle,
  describeItem,
  formatRating,
  quoteTitle,
  shownGenres,
  MAX_GENRES,
  MAX_GENRE_CHARS,
  MAX_ID_CHARS,
  MAX_TITLE_CHARS,
  type PromptItem,
} from './item-text.ts';
export { candidateLabel, candidateLabels, labelsAvoidingTitles } from './labels.ts';
export { candidateList, sharedTitleGroups, type CandidateList } from './candidate-list.ts';
export {
  estimateTokens,
  estimateMessageTokens,
  fitToBudget,
  CHARS_PER_TOKEN,
  TOKENS_PER_MESSAGE,
  DEFAULT_ANSWER_RESERVE,
  type TokenBudget,
} from './token-budget.ts';
export type { BuiltPrompt, HistoryEntry, PromptOptions, PromptTask, SimilarUserHistory } from './sections.ts';
export { buildRankPrompt, type RankPromptInput } from './rank-prompt.ts';
export { buildNextItemPrompt, type NextItemPromptInput } from './next-item-prompt.ts';
export { buildRatingPrompt, type RatingPromptInput } from './rating-prompt.ts';
export { buildPointwisePrompt, type PointwiseHint, type PointwisePromptInput } from './pointwise-prompt.ts';
export { buildPairPrompt, likedAndDisliked, type PairPromptInput } from './pair-prompt.ts';
export { orderForPrefixReuse, reusableChars } from './request-order.ts';
export { renderMessages } from './render-messages.ts';
export { buildAttributePrompt, MAX_STARS, type AttributePrompt } from './attribute-prompt.ts';
