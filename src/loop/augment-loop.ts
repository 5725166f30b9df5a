/**
 * Data augmentation (LLM → MF) for a LoopContext: plan the questions (long-tail users first,
 * within the budget; src/augment/pair-sampler.ts, sequential-sampler.ts), build the prompts from
 * the user's training history, read the answers, commit per user (src/augment/augment-pairs.ts,
 * augment-sequential.ts). Pairwise by default; `sequential` asks for the next item of a set.
 * The augmentation worker, the main-thread fallback of the recommender and `l4r eval` all call
 * this, so the plan, and therefore resume-after-reload, is the same everywhere.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { augmentPairs } from '../augment/augment-pairs.ts';
import { augmentSequential } from '../augment/augment-sequential.ts';
import { planCandidateSets, type SequentialBudget } from '../augment/sequential-sampler.ts';
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

/** Sequential augmentation: sets of `setSize` unseen items, the LLM picks the next one. */
export interface SequentialAugmentBudget extends SequentialBudget {
  timeBudgetMs?: number;
  minConfidence?: number;
}

export const DEFAULT_AUGMENT_BUDGET: AugmentBudget = { pairsPerUser: DEFAULT_CONFIG.augmentation.pairsPerUser, maxCalls: DEFAULT_CONFIG.augmentation.maxCalls };

/** The sequential augmentation's defaults (one next-item question per user), within `maxCalls` questions. */
export function defaultSequentialBudget(maxCalls: number = DEFAULT_CONFIG.augmentation.maxCalls): SequentialAugmentBudget {
  const { sequentialSetSize, sequentialSetsPerUser } = DEFAULT_CONFIG.augmentation;
  return { setSize: sequentialSetSize, setsPerUser: sequentialSetsPerUser, maxCalls };
}

/** Seed of the plan: a fixed seed is what lets a restarted job find the same questions. */
export const DEFAULT_AUGMENT_SEED: number = DEFAULT_CONFIG.augmentation.seed;

export interface AugmentLoopOptions extends LongWorkOptions {
  engine: LlmEngine;
  store: PairStore;
  /** Pairwise budget (the default task). */
  budget?: AugmentBudget;
  /** When given, the sequential task runs instead, with this budget (records of kind 'sequential'). */
  sequential?: SequentialAugmentBudget;
  seed?: number;
  pause?: PauseGate;
  /** Called with the user before each question is put (lets an oracle double know whose held-out item to favour). */
  observeUser?: (user: number) => void;
}

export function augmentLoop(ctx: LoopContext, options: AugmentLoopOptions): Promise<AugmentReport> {
  // Evaluation and training see only the training split, so "not interacted" means not in training.
  const planInput = {
    counts: ctx.counts,
    interacted: (u: number) => seenItems(ctx, u, 'validation'),
    numItems: ctx.numItems,
    seed: options.seed ?? DEFAULT_AUGMENT_SEED,
  };
  const history = (u: number) => {
    options.observeUser?.(u);
    return historyFor(ctx, u, 'validation');
  };
  const item = (i: number) => promptItem(ctx, i);
  const job = { engine: options.engine, store: options.store, pause: options.pause, signal: options.signal, onProgress: options.onProgress };
  if (options.sequential) {
    const budget = options.sequential;
    const plan = planCandidateSets({ ...planInput, budget });
    return augmentSequential({ ...job, plan, history, item, minConfidence: budget.minConfidence, timeBudgetMs: budget.timeBudgetMs });
  }
  const budget = options.budget ?? DEFAULT_AUGMENT_BUDGET;
  return augmentPairs({
    ...job,
    plan: planPairs({ ...planInput, budget }),
    buildPrompt: pairPromptBuilder({ history, item, options: { contextWindow: options.engine.contextWindow } }),
    readAnswer: pairAnswerReader((i) => item(i).title),
    minConfidence: budget.minConfidence,
    timeBudgetMs: budget.timeBudgetMs,
  });
}
