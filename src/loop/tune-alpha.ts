/**
 * Tuning α1, α2 on the device (PAPER.md §5): the LLM re-ranks MF's top-k' once for each
 * validation user (always asked: the skip rule depends on α, which is what is being chosen),
 * then every point of the grid re-blends those answers (src/aggregate/tune.ts) and the best,
 * by validation NDCG@k, is stored for later sessions (the store's `tunedAlpha` records).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { rankingRecord, tuneRanking, type RankingValidationCase } from '../aggregate/tune.ts';
import type { TunedAlphaRecord } from '../data/db.ts';
import type { ServingStore } from '../data/serving-store.ts';
import { throwIfAborted } from '../errors.ts';
import { collectTargets } from '../eval/targets.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { LongWorkOptions } from '../progress.ts';
import { mfCandidates, type LoopContext } from './loop-context.ts';
import { loopRanker, type RerankVariant } from './loop-llm.ts';

export interface TuneAlphaOptions extends LongWorkOptions {
  kPrime: number;
  promptAugmentation: boolean;
  /** NDCG@k to maximise (default 5). */
  k?: number;
  /** Validation users to ask the LLM about (the first N by index; default all). */
  maxUsers?: number;
  /** Re-ranking variant (default listwise). */
  variant?: RerankVariant;
  /** Called with each user before the LLM is asked (lets an oracle double know whose held-out item to favour). */
  observeUser?: (user: number) => void;
}

export async function tuneAlpha(
  ctx: LoopContext,
  model: ScoringModel,
  engine: LlmEngine,
  store: Pick<ServingStore, 'putTunedAlpha'>,
  options: TuneAlphaOptions,
): Promise<TunedAlphaRecord> {
  const k = options.k ?? DEFAULT_CONFIG.loop.tuneK;
  const targets = collectTargets(ctx.dataset.interactions, ctx.split, { target: 'validation', numUsers: ctx.numUsers, numItems: ctx.numItems });
  const n = Math.min(options.maxUsers ?? targets.user.length, targets.user.length);
  const rank = loopRanker(ctx, model, engine, { promptAugmentation: options.promptAugmentation, scope: 'validation', variant: options.variant });
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
  const record = rankingRecord(tuneRanking({ counts: ctx.counts, cases, k }), { k, kPrime: options.kPrime, llmModelId: engine.modelId, validationUsers: n });
  return store.putTunedAlpha(record);
}
