/**
 * Tuning α1, α2 on the device (PAPER.md §5): the LLM answers once for each validation user
 * (always asked: the skip rule depends on α, which is what is being chosen), then every point of
 * the grid re-blends those answers (src/aggregate/tune.ts) and the best is kept: by validation
 * NDCG@k for rankings (stored for later sessions in the store's `tunedAlpha` records), by RMSE
 * for ratings. The validation cases themselves are what the experiment runner searches too.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { rankingRecord, tuneRanking, type RankingValidationCase, type RatingValidationCase } from '../aggregate/tune.ts';
import type { TunedAlphaRecord } from '../data/db.ts';
import type { ServingStore } from '../data/serving-store.ts';
import { throwIfAborted } from '../errors.ts';
import { collectTargets, type EvalTargets } from '../eval/targets.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { LongWorkOptions } from '../progress.ts';
import { mfCandidates, type LoopContext } from './loop-context.ts';
import { llmRating, loopRanker, type RerankVariant } from './loop-llm.ts';

export interface ValidationCaseOptions extends LongWorkOptions {
  promptAugmentation: boolean;
  /** Validation users to ask the LLM about (the first N by index; default all). */
  maxUsers?: number;
  /** Called with each user before the LLM is asked (lets an oracle double know whose held-out item to favour). */
  observeUser?: (user: number) => void;
}

export interface RankingCaseOptions extends ValidationCaseOptions {
  kPrime: number;
  /** Re-ranking variant (default listwise). */
  variant?: RerankVariant;
  /** 'ranking' (default) or 'next' (the model is SASRec; the LLM gets the next-item question). */
  task?: 'ranking' | 'next';
}

export interface TuneAlphaOptions extends RankingCaseOptions {
  /** NDCG@k to maximise (default 5). */
  k?: number;
}

function validationTargets(ctx: LoopContext, maxUsers: number | undefined): { targets: EvalTargets; n: number } {
  const targets = collectTargets(ctx.dataset.interactions, ctx.split, { target: 'validation', numUsers: ctx.numUsers, numItems: ctx.numItems });
  return { targets, n: Math.min(maxUsers ?? targets.user.length, targets.user.length) };
}

/** The ranking model's top-k′ and the LLM's order of it, for each validation user. */
export async function rankingValidationCases(ctx: LoopContext, model: ScoringModel, engine: LlmEngine, options: RankingCaseOptions): Promise<RankingValidationCase[]> {
  const { targets, n } = validationTargets(ctx, options.maxUsers);
  const rank = loopRanker(ctx, model, engine, { promptAugmentation: options.promptAugmentation, scope: 'validation', variant: options.variant, ...(options.task ? { task: options.task } : {}) });
  const cases: RankingValidationCase[] = [];
  for (let j = 0; j < n; j++) {
    throwIfAborted(options.signal, 'Tuning α on validation data');
    const user = targets.user[j]!;
    const mf = await mfCandidates(model, ctx, user, options.kPrime, 'validation');
    options.observeUser?.(user);
    const llmOrder = mf.length > 0 ? await rank({ user, candidates: mf, places: mf.length, ...(options.signal ? { signal: options.signal } : {}) }) : null;
    cases.push({ user, mf, llmOrder, target: targets.item[j]! });
    options.onProgress?.({ phase: 'asking the LLM to re-rank validation users', done: j + 1, total: n });
  }
  return cases;
}

/** The rating model's and the LLM's rating of each validation user's held-out item, beside the truth. */
export async function ratingValidationCases(ctx: LoopContext, model: ScoringModel, engine: LlmEngine, options: ValidationCaseOptions): Promise<RatingValidationCase[]> {
  const { targets, n } = validationTargets(ctx, options.maxUsers);
  const users = targets.user.subarray(0, n);
  const items = targets.item.subarray(0, n);
  const mf = await model.scorePairs(users, items);
  const cases: RatingValidationCase[] = [];
  for (let j = 0; j < n; j++) {
    throwIfAborted(options.signal, 'Tuning α on validation data');
    const user = users[j]!;
    options.observeUser?.(user);
    const llm = await llmRating(ctx, model, engine, user, items[j]!, mf[j]!, { promptAugmentation: options.promptAugmentation, scope: 'validation', ...(options.signal ? { signal: options.signal } : {}) });
    cases.push({ user, mfRating: mf[j]!, llmRating: llm, truth: ctx.dataset.interactions.rating[targets.row[j]!]! });
    options.onProgress?.({ phase: 'asking the LLM to rate validation items', done: j + 1, total: n });
  }
  return cases;
}

export async function tuneAlpha(
  ctx: LoopContext,
  model: ScoringModel,
  engine: LlmEngine,
  store: Pick<ServingStore, 'putTunedAlpha'>,
  options: TuneAlphaOptions,
): Promise<TunedAlphaRecord> {
  const k = options.k ?? DEFAULT_CONFIG.loop.tuneK;
  const cases = await rankingValidationCases(ctx, model, engine, options);
  const record = rankingRecord(tuneRanking({ counts: ctx.counts, cases, k }), { k, kPrime: options.kPrime, llmModelId: engine.modelId, validationUsers: cases.length });
  // The 'next' task's α is its own: its model and its question differ from the direct task's.
  return store.putTunedAlpha({ ...record, task: options.task ?? 'ranking' });
}
