/**
 * Evaluation of the whole Llama4Rec loop with a switch per component (issue 5 §6), so the
 * paper's ablation table can be reproduced:
 *  - data augmentation: the caller passes the MF model trained on D (off) or D ∪ D_aug (on);
 *    the switch is recorded in the report (src/loop/loop-run.ts does both steps);
 *  - prompt augmentation: the LLM prompts carry the most similar user and MF's ranking/rating, or not;
 *  - aggregation: adaptive α_u, uniform α, MF only, LLM only (src/aggregate/aggregation-mode.ts).
 * Ranking: the held-out item's rank in the blended top-k' list (a target outside the k' candidates
 * is a miss for every k ≤ k'), HR/NDCG@k overall and per activity group, scored exactly like MF
 * (src/eval/summarize.ts). Rating: RMSE/MAE of the blended rating on the held-out ratings.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { aggregateUsers, type RankWithLlm } from '../aggregate/aggregate-users.ts';
import { alphaForMode, type AggregationMode } from '../aggregate/aggregation-mode.ts';
import { blendRating } from '../aggregate/blend.ts';
import { alphaForUsers, type AlphaParams } from '../aggregate/long-tail.ts';
import { throwIfAborted } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { LongWorkOptions } from '../progress.ts';
import { mfCandidates, type LoopContext } from './loop-context.ts';
import { llmRating, loopRanker, type LoopLlmOptions, type RerankVariant } from './loop-llm.ts';
import { modelForScope } from './sequence-view.ts';
import { EvalError } from '../eval/eval-error.ts';
import { summarizeRanks, summarizeRatings, type Summary } from '../eval/summarize.ts';
import { collectTargets, type EvalTarget, type EvalTargets } from '../eval/targets.ts';

export interface LoopSwitches {
  /** Whether the ranking model was trained on D ∪ D_aug (recorded; the caller trains accordingly). */
  dataAugmentation: boolean;
  promptAugmentation: boolean;
  aggregation: AggregationMode;
  /** α for 'uniform' (default DEFAULT_CONFIG.loop.uniformAlpha). */
  uniformAlpha?: number;
}

export const FULL_LOOP: LoopSwitches = { dataAugmentation: true, promptAugmentation: true, aggregation: 'adaptive' };

export interface LoopEvalOptions extends LongWorkOptions {
  ctx: LoopContext;
  /** The trained ranking model (BPR-MF, LightGCN), or for the 'next' task the sequence model (SASRec). */
  ranking: ScoringModel;
  /**
   * 'ranking' (default): the direct task. 'next': the sequential task, the same protocol (the held-out
   * item is the user's next one) with SASRec reading each user's sequence up to it and the LLM asked
   * the next-item question.
   */
  task?: 'ranking' | 'next';
  /** A trained rating model (biased MF) for RMSE/MAE; omit to skip the rating task. */
  rating?: ScoringModel;
  /** null: no LLM, MF alone (the report says so). */
  engine: LlmEngine | null;
  switches: LoopSwitches;
  alpha: AlphaParams;
  /** MF candidates the LLM re-ranks (default 20). */
  kPrime?: number;
  /** How many of them the LLM names (default all). */
  llmPlaces?: number;
  ks?: readonly number[];
  target?: EvalTarget;
  /** Evaluate only the first N target users (by index): LLM calls cost time. Default all. */
  maxUsers?: number;
  variant?: RerankVariant;
  /** Called with each user before the LLM is asked about them (lets an oracle double know whose held-out item to favour). */
  observeUser?: (user: number) => void;
}

export interface LoopTaskReport extends Summary {
  users: number;
  llmCalls: number;
  /** Users (ranking) or ratings spared an LLM call because it could not change the result. */
  skipped: number;
}

export interface LoopEvalReport {
  /** Which task `ranking` reports: 'ranking' (the direct task; also when absent) or 'next' (the sequential task). */
  task?: 'ranking' | 'next';
  switches: LoopSwitches;
  /** Which engine answered; a test double is labelled as one (kind 'test-double'). */
  llm: { kind: LlmEngine['kind']; modelId: string } | null;
  alpha: AlphaParams;
  kPrime: number;
  ranking: LoopTaskReport;
  rating?: LoopTaskReport;
}

export const LOOP_KS: readonly number[] = DEFAULT_CONFIG.evaluation.loopKs;

function firstUsers(targets: EvalTargets, maxUsers: number | undefined): number {
  if (maxUsers === undefined) return targets.user.length;
  if (!Number.isInteger(maxUsers) || maxUsers < 1) throw new EvalError('EVAL_BAD_OPTION', `maxUsers must be a whole number ≥ 1 (got ${String(maxUsers)}).`);
  return Math.min(maxUsers, targets.user.length);
}

/** What both tasks' evaluations share: the targets, the first N users, α per user and the LLM's options. */
function evaluationSetup(options: Omit<LoopEvalOptions, 'ranking'>) {
  const { ctx, engine, switches } = options;
  const target = options.target ?? 'test';
  const adaptive = alphaForUsers(ctx.counts, options.alpha);
  // Without an engine nothing can blend: MF alone, whatever the aggregation switch says.
  const alphaOf = (u: number) => (engine === null ? 0 : alphaForMode(switches.aggregation, adaptive[u]!, switches.uniformAlpha));
  const llmOptions: LoopLlmOptions = { promptAugmentation: switches.promptAugmentation, scope: target, variant: options.variant, ...(options.task ? { task: options.task } : {}) };
  const targets = collectTargets(ctx.dataset.interactions, ctx.split, { target, numUsers: ctx.numUsers, numItems: ctx.numItems });
  return { alphaOf, llmOptions, targets, n: firstUsers(targets, options.maxUsers) };
}

export async function evaluateLoop(options: LoopEvalOptions): Promise<LoopEvalReport> {
  const { ctx, engine, switches, signal } = options;
  const kPrime = options.kPrime ?? DEFAULT_CONFIG.loop.kPrime;
  const ks = options.ks ?? LOOP_KS;
  if (!Number.isInteger(kPrime) || kPrime < 1) throw new EvalError('EVAL_BAD_OPTION', `kPrime must be a whole number ≥ 1 (got ${String(kPrime)}).`);
  const badK = ks.find((k) => !(Number.isInteger(k) && k >= 1 && k <= kPrime));
  if (badK !== undefined) throw new EvalError('EVAL_BAD_OPTION', `k = ${badK} cannot be scored on ${kPrime} candidates; use ks between 1 and kPrime.`);
  const { alphaOf, llmOptions, targets, n } = evaluationSetup(options);
  const target = targets.target;
  const users = targets.user.subarray(0, n);
  const group = targets.group.subarray(0, n);

  // SASRec reads each user's sequence up to the held-out item (sequence-view.ts); MF is itself.
  const model = modelForScope(ctx, options.ranking, target);
  const ranker: RankWithLlm = engine === null ? async () => null : loopRanker(ctx, model, engine, llmOptions);
  const blended = await aggregateUsers({
    users,
    candidates: (u) => mfCandidates(model, ctx, u, kPrime, target),
    alphaOf,
    rankWithLlm: (request) => {
      options.observeUser?.(request.user);
      return ranker(request);
    },
    llmPlaces: options.llmPlaces,
    signal,
    onProgress: options.onProgress,
  });
  const ranks = Int32Array.from(blended.users, (r, k) => {
    const at = r.items.findIndex((x) => x.item === targets.item[k]);
    return at < 0 ? r.items.length : at;
  });
  const report: LoopEvalReport = {
    task: options.task ?? 'ranking',
    switches,
    llm: engine && { kind: engine.kind, modelId: engine.modelId },
    alpha: options.alpha,
    kPrime,
    ranking: { ...summarizeRanks(ranks, group, targets.groups, ks), users: n, llmCalls: blended.calls, skipped: blended.skipped },
  };
  if (options.rating) report.rating = await evaluateRatings(options, options.rating, targets, n, alphaOf, llmOptions);
  return report;
}

/** The rating task alone (RMSE/MAE of the blended rating): for runs that train no ranking model. */
export function evaluateLoopRatings(options: Omit<LoopEvalOptions, 'ranking' | 'rating' | 'kPrime' | 'ks'> & { rating: ScoringModel }): Promise<LoopTaskReport> {
  const { alphaOf, llmOptions, targets, n } = evaluationSetup(options);
  return evaluateRatings(options, options.rating, targets, n, alphaOf, llmOptions);
}

async function evaluateRatings(
  options: Omit<LoopEvalOptions, 'ranking'>,
  model: ScoringModel,
  targets: EvalTargets,
  n: number,
  alphaOf: (user: number) => number,
  llmOptions: LoopLlmOptions,
): Promise<LoopTaskReport> {
  const { ctx, engine, signal } = options;
  const table = ctx.dataset.interactions;
  const users = targets.user.subarray(0, n);
  const items = targets.item.subarray(0, n);
  const mf = await model.scorePairs(users, items);
  const predictions = new Float32Array(n);
  const truths = Float32Array.from(targets.row.subarray(0, n), (r) => table.rating[r]!);
  let calls = 0;
  let skipped = 0;
  for (let k = 0; k < n; k++) {
    throwIfAborted(signal, 'Evaluating the loop on ratings');
    const user = users[k]!;
    const alpha = alphaOf(user);
    let llm: number | null = null;
    // α = 0 gives MF's rating whatever the LLM says: the call is skipped.
    if (engine !== null && alpha > 0) {
      options.observeUser?.(user);
      llm = await llmRating(ctx, model, engine, user, items[k]!, mf[k]!, { ...llmOptions, signal });
      calls++;
    } else {
      skipped++;
    }
    predictions[k] = blendRating(mf[k]!, llm, alpha).finalScore;
    options.onProgress?.({ phase: 'rating held-out items', done: k + 1, total: n });
  }
  const rated = truths.every((t) => Number.isFinite(t));
  if (!rated) throw new EvalError('EVAL_BAD_OPTION', 'The dataset has implicit feedback (no ratings) for some held-out items; evaluate ratings on a rated dataset or leave the rating model out.');
  return { ...summarizeRatings(predictions, truths, targets.group.subarray(0, n), targets.groups), users: n, llmCalls: calls, skipped };
}
