/**
 * One rating prediction with its parts (the rating task, PAPER.md §5): MF's rating, the LLM's
 * (prompt augmentation: the most similar user and MF's prediction) unless α_u = 0 makes it
 * pointless, blended as r = α_u·r_LLM + (1 − α_u)·r_MF. An LLM that is missing, gives no usable
 * number or fails leaves MF's rating, and the note says why.
 */
import { blendRating, type BlendedRating } from '../aggregate/blend.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import { AbortedError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { predictPair } from '../models/queries.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import { alphaOfUser, checkUser, type LoopContext } from './loop-context.ts';
import { llmRating } from './loop-llm.ts';
import { describeError } from './recommend.ts';

export interface RatingPrediction extends BlendedRating {
  userId: string;
  itemId: string;
  /** Why `llmScore` is null (not asked, no LLM, a failure), when it is. */
  llmNote?: string;
}

export interface PredictRatingInput {
  ctx: LoopContext;
  /** The trained rating model (biased MF). */
  model: ScoringModel;
  /**
   * The LLM, asked for only when α_u lets it change the rating (loading a model in a page is
   * costly); null with the reason for the note when there is none.
   */
  llm: () => Promise<{ engine: LlmEngine | null; noLlmReason: string }>;
  alpha: AlphaParams;
  user: number;
  item: number;
  promptAugmentation: boolean;
  signal?: AbortSignal;
}

export async function predictRatingWithLoop(input: PredictRatingInput): Promise<RatingPrediction> {
  const { ctx, model, user, item, signal } = input;
  checkUser(ctx, user);
  const ids = { userId: ctx.dataset.users[user]!.id, itemId: ctx.dataset.items[item]!.id };
  const mf = await predictPair(model, user, item);
  const alpha = alphaOfUser(ctx, user, input.alpha);
  const mfAlone = (llmNote: string) => ({ ...ids, ...blendRating(mf, null, alpha), llmNote });
  if (alpha === 0) return mfAlone('α_u = 0: the LLM cannot change this rating, so it was not asked.');
  const { engine, noLlmReason } = await input.llm();
  if (!engine) return mfAlone(`MF alone: ${noLlmReason}`);
  try {
    const value = await llmRating(ctx, model, engine, user, item, mf, { promptAugmentation: input.promptAugmentation, scope: 'serve', ...(signal ? { signal } : {}) });
    return value === null ? mfAlone('The LLM gave no usable rating; this is MF’s.') : { ...ids, ...blendRating(mf, value, alpha) };
  } catch (error) {
    if (error instanceof AbortedError || signal?.aborted) throw error;
    return mfAlone(`The LLM failed (${describeError(error)}); this is MF’s rating.`);
  }
}
