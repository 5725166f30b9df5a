/**
 * Pairwise data augmentation (LLM → MF) for a LoopContext: plan the pairs (long-tail users
 * first, within the budget; src/augment/pair-sampler.ts), build the pairwise prompt from the
 * user's training history, read the verdicts, commit per user (src/augment/augment-pairs.ts).
 * The augmentation worker, the main-thread fallback of the recommender and `l4r eval` all call
 * this, so the plan, and therefore resume-after-reload, is the same everywhere.
 */
import { augmentPairs } from '../augment/augment-pairs.ts';
import type { AugmentReport, PairStore } from '../augment/augment-job.ts';
import { pairAnswerReader } from '../augment/pair-answer-reader.ts';
import { pairPromptBuilder } from '../augment/pair-prompt-builder.ts';
import { planPairs, type PairBudget } from '../augment/pair-sampler.ts';
import type { PauseGate } from '../augment/pause-gate.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { LongWorkOptions } from '../progress.ts';
import { historyFor, promptItem, seenItems, type LoopContext } from './loop-context.ts';

export interface AugmentBudget extends PairBudget {
  /** Stop after this many milliseconds (committing what the current user has). */
  timeBudgetMs?: number;
  /** Answers less sure than this (0..1) are not stored. Default 0. */
  minConfidence?: number;
}

export const DEFAULT_AUGMENT_BUDGET: AugmentBudget = { pairsPerUser: 5, maxCalls: 200 };

/** Seed of the pair plan: a fixed seed is what lets a restarted job find the same pairs. */
export const DEFAULT_AUGMENT_SEED = 1;

export interface AugmentLoopOptions extends LongWorkOptions {
  engine: LlmEngine;
  store: PairStore;
  budget?: AugmentBudget;
  seed?: number;
  pause?: PauseGate;
  /** Called with the user before each question is put (lets an oracle double know whose held-out item to favour). */
  observeUser?: (user: number) => void;
}

export function augmentLoop(ctx: LoopContext, options: AugmentLoopOptions): Promise<AugmentReport> {
  const budget = options.budget ?? DEFAULT_AUGMENT_BUDGET;
  // Evaluation and training see only the training split, so "not interacted" means not in training.
  const plan = planPairs({
    counts: ctx.counts,
    interacted: (u) => seenItems(ctx, u, 'validation'),
    numItems: ctx.numItems,
    budget,
    seed: options.seed ?? DEFAULT_AUGMENT_SEED,
  });
  return augmentPairs({
    plan,
    engine: options.engine,
    store: options.store,
    buildPrompt: pairPromptBuilder({
      history: (u) => {
        options.observeUser?.(u);
        return historyFor(ctx, u, 'validation');
      },
      item: (i) => promptItem(ctx, i),
      options: { contextWindow: options.engine.contextWindow },
    }),
    readAnswer: pairAnswerReader((i) => promptItem(ctx, i).title),
    pause: options.pause,
    minConfidence: budget.minConfidence,
    timeBudgetMs: budget.timeBudgetMs,
    signal: options.signal,
    onProgress: options.onProgress,
  });
}
