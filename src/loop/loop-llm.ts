/**
 * The LLM's two jobs in the loop, wired to a LoopContext and an MF model: re-ranking MF's top-k'
 * (listwise or pointwise, src/loop/llm-rankers.ts) and predicting a rating. Both carry
 * prompt augmentation (MF → LLM), switchable for ablation: the most similar user's history and
 * MF's ranking / predicted rating.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { RankWithLlm } from '../aggregate/aggregate-users.ts';
import { listwiseRanker, pointwiseRanker, yesNoRanker, type ListwiseSource, type RankerSource } from './llm-rankers.ts';
import type { ChatRequest, LlmEngine } from '../llm/engine.ts';
import { buildRatingPrompt, type BuiltPrompt, type RatingPromptInput, type SimilarUserHistory } from '../llm/prompts/index.ts';
import { SCAN_TOKENS, SCORING_REQUEST, expectedRating } from '../llm/scoring.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import { historyFor, mostSimilarUser, promptItem, type LoopContext, type LoopScope } from './loop-context.ts';

/**
 * 'listwise': one call per user, the LLM orders the candidates; 'pointwise': the paper's, the LLM
 * predicts a rating for each candidate; 'pointwise-yes-no': P(Yes) of "will the user like it?" per candidate.
 */
export type RerankVariant = 'listwise' | 'pointwise' | 'pointwise-yes-no';

export const RERANK_VARIANTS: readonly RerankVariant[] = ['listwise', 'pointwise', 'pointwise-yes-no'];

export interface LoopLlmOptions {
  /** Prompt augmentation on (the method) or off (ablation): similar user + MF's ranking/rating. */
  promptAugmentation: boolean;
  scope: LoopScope;
  /** Default 'listwise' (one call per user; the pointwise variants cost k' calls). The 'next' task is always listwise. */
  variant?: RerankVariant;
  /**
   * 'ranking' (default): the direct task's question. 'next': SASRec's candidates, re-ranked with
   * the next-item question on the user's recent sequence in order (the paper's sequential task).
   */
  task?: 'ranking' | 'next';
  /** Told which similar user's history went into a prompt for `user` (prompt augmentation on). */
  onSimilarUser?: (user: number, similar: { user: number; similarity: number }) => void;
}

/** Where the loop's ranking prompts take the user's history, items and prompt augmentation from (the instruction export too). */
export function loopRankerSource(ctx: LoopContext, model: ScoringModel, options: LoopLlmOptions): ListwiseSource {
  const source: ListwiseSource = {
    history: (user) => historyFor(ctx, user, options.scope),
    item: (item) => promptItem(ctx, item),
    mfHint: options.promptAugmentation,
    ...(options.task === 'next' ? { question: 'next' as const } : {}),
  };
  if (options.promptAugmentation) source.similarUser = (user) => similarUserHistory(ctx, model, user, options);
  return source;
}

export function loopRanker(ctx: LoopContext, model: ScoringModel, engine: LlmEngine, options: LoopLlmOptions): RankWithLlm {
  const source: RankerSource = { ...loopRankerSource(ctx, model, options), engine };
  // The sequential task's re-ranking is listwise, as the paper's: one next-item question per user.
  const variant = options.task === 'next' ? 'listwise' : (options.variant ?? DEFAULT_CONFIG.loop.rerank);
  if (variant === 'pointwise') return pointwiseRanker(source);
  return variant === 'pointwise-yes-no' ? yesNoRanker(source) : listwiseRanker(source);
}

/** Prompt augmentation (MF → LLM): the most similar user's history, with ratings; `onSimilarUser` hears who it was. */
async function similarUserHistory(ctx: LoopContext, model: ScoringModel, user: number, options: LoopLlmOptions): Promise<SimilarUserHistory | undefined> {
  const best = await mostSimilarUser(model, user);
  if (!best) return undefined;
  options.onSimilarUser?.(user, best);
  return { history: historyFor(ctx, best.user, options.scope) };
}

/** The rating prompt for (user, item) exactly as `llmRating` asks it (the instruction export builds its rating instructions with it). */
export async function loopRatingPrompt(
  ctx: LoopContext,
  model: ScoringModel,
  user: number,
  item: number,
  mfRating: number,
  options: LoopLlmOptions,
  contextWindow: number,
): Promise<BuiltPrompt> {
  const input: RatingPromptInput = { history: historyFor(ctx, user, options.scope), target: promptItem(ctx, item) };
  if (options.promptAugmentation) {
    const similar = await similarUserHistory(ctx, model, user, options);
    if (similar) input.similarUser = similar;
    if (Number.isFinite(mfRating)) input.conventionalPrediction = mfRating;
  }
  return buildRatingPrompt(input, { contextWindow });
}

/** The LLM's rating of (user, item), 1..5 (expected value over the digit tokens); null if unusable. */
export async function llmRating(
  ctx: LoopContext,
  model: ScoringModel,
  engine: LlmEngine,
  user: number,
  item: number,
  mfRating: number,
  options: LoopLlmOptions & { signal?: AbortSignal },
): Promise<number | null> {
  const prompt = await loopRatingPrompt(ctx, model, user, item, mfRating, options, engine.contextWindow);
  const request: ChatRequest = { messages: prompt.messages, ...SCORING_REQUEST, maxTokens: SCAN_TOKENS };
  if (options.signal) request.signal = options.signal;
  return expectedRating(await engine.chat(request)).value;
}
