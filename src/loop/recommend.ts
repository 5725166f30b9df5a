/**
 * One user's recommendations with every part of each item's score, straight down the layers
 * once: MF's top-k' candidates (models), α_u of this user (aggregate), the LLM's listwise
 * re-ranking of them (llm; prompt augmentation: the most similar user's history and MF's
 * ranking) asked only when the skip rule shows it can change the list, and the per-user blend
 * (aggregate, src/aggregate/blend.ts). With no LLM the list is MF's; the result says which
 * happened and why, and which similar user went into the prompt.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { aggregateUser } from '../aggregate/aggregate-users.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import type { BlendedItem } from '../aggregate/blend.ts';
import { skipThreshold } from '../aggregate/skip-llm.ts';
import { AbortedError, isRecError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import { alphaOfUser, checkUser, mfCandidates, type LoopContext } from './loop-context.ts';
import { loopRanker, type RerankVariant } from './loop-llm.ts';
import { modelForScope } from './sequence-view.ts';

/** One blended item (every part of its score, src/aggregate/blend.ts) with the dataset's id and title. */
export interface RecommendedItem extends BlendedItem {
  itemId: string;
  title: string;
  genres: string[];
  year?: number;
}

export type LlmUse =
  | { used: true; modelId: string; kind: LlmEngine['kind'] }
  | { used: false; reason: 'no-llm'; message: string }
  | { used: false; reason: 'skipped'; message: string }
  | { used: false; reason: 'unusable-answer' | 'llm-failed'; modelId: string; message: string };

export interface Recommendation {
  userId: string;
  /** α_u of this user. */
  alpha: number;
  items: RecommendedItem[];
  llm: LlmUse;
  /** The most similar user whose history went into the LLM prompt; absent when none did (prompt augmentation off, or the LLM not asked). */
  similarUser?: { userId: string; similarity: number };
}

export interface RecommendInput {
  ctx: LoopContext;
  model: ScoringModel;
  engine: LlmEngine | null;
  alpha: AlphaParams;
  user: number;
  k: number;
  kPrime: number;
  promptAugmentation?: boolean;
  variant?: RerankVariant;
  /** 'ranking' (default): the direct task. 'next': `model` is SASRec, reading the user's whole sequence; the LLM gets the next-item question. */
  task?: 'ranking' | 'next';
  signal?: AbortSignal;
  /** Why there is no engine, for the result (default: none configured). */
  noLlmReason?: string;
}

export async function recommendWithLoop(input: RecommendInput): Promise<Recommendation> {
  const { ctx, engine, user, k, kPrime, signal } = input;
  // SASRec reads everything the user has rated, in order (sequence-view.ts); MF is itself.
  const model = modelForScope(ctx, input.model, 'serve');
  checkUser(ctx, user);
  const alpha = alphaOfUser(ctx, user, input.alpha);
  const prompt: { similarUser?: { user: number; similarity: number } } = {};
  const rank = engine && loopRanker(ctx, model, engine, {
    promptAugmentation: input.promptAugmentation ?? DEFAULT_CONFIG.loop.promptAugmentation,
    scope: 'serve',
    variant: input.variant,
    ...(input.task ? { task: input.task } : {}),
    onSimilarUser: (_user, best) => (prompt.similarUser = best),
  });
  let failure: Error | null = null;
  const row = await aggregateUser({
    user,
    // Without an engine the blend is MF's order; α_u is still reported.
    alpha: engine ? alpha : 0,
    candidates: await mfCandidates(model, ctx, user, kPrime, 'serve'),
    rankWithLlm: async (request) => {
      try {
        return await rank!(request);
      } catch (error) {
        // A cancel is the caller's decision and propagates; any other LLM failure falls back to MF.
        if (error instanceof AbortedError || signal?.aborted) throw error;
        failure = error instanceof Error ? error : new Error(String(error));
        return null;
      }
    },
    ...(signal ? { signal } : {}),
  });
  const items = row.items.slice(0, k).map((x): RecommendedItem => {
    const record = ctx.dataset.items[x.item]!;
    return {
      itemId: record.id,
      title: record.title,
      genres: record.genres,
      ...(record.year === undefined ? {} : { year: record.year }),
      item: x.item,
      mfScore: x.mfScore,
      mfPosition: x.mfPosition,
      llmScore: x.llmScore,
      llmPosition: x.llmPosition,
      alpha,
      finalScore: x.finalScore,
    };
  });
  const recommendation: Recommendation = { userId: ctx.dataset.users[user]!.id, alpha, items, llm: llmUse(input, row.askedLlm, row.items, alpha, failure) };
  const inPrompt = prompt.similarUser;
  if (row.askedLlm && inPrompt) recommendation.similarUser = { userId: ctx.dataset.users[inPrompt.user]!.id, similarity: inPrompt.similarity };
  return recommendation;
}

function llmUse(input: RecommendInput, asked: boolean, items: readonly { llmPosition: number | null }[], alpha: number, failure: Error | null): LlmUse {
  const { engine } = input;
  // The conventional model the list falls back to: SASRec for the next items, MF (the ranking backbone) otherwise.
  const own = input.task === 'next' ? 'SASRec' : 'MF';
  if (!engine) return { used: false, reason: 'no-llm', message: `${own} alone: ${input.noLlmReason ?? 'no LLM is configured.'}` };
  if (!asked) {
    return {
      used: false,
      reason: 'skipped',
      message: `The LLM was not asked: with α_u = ${alpha.toFixed(3)} ≤ ${skipThreshold(input.kPrime).toFixed(3)} no answer could change this list, so it is ${own}'s.`,
    };
  }
  if (failure !== null) {
    return { used: false, reason: 'llm-failed', modelId: engine.modelId, message: `The LLM failed (${describeError(failure)}); this list is ${own}'s.` };
  }
  if (items.every((x) => x.llmPosition === null)) {
    return { used: false, reason: 'unusable-answer', modelId: engine.modelId, message: `The LLM's answer named no candidate; this list is ${own}'s.` };
  }
  return { used: true, modelId: engine.modelId, kind: engine.kind };
}

/** "CODE: message" for a RecError, the message otherwise: what a fallback note quotes. */
export function describeError(error: unknown): string {
  if (isRecError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
