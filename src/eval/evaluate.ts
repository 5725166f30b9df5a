/**
 * The paper's protocol: leave-one-out by time, full ranking over every item the user has not
 * interacted with in training, HR@k / NDCG@k (and RMSE / MAE for ratings), overall and per
 * user-activity group. Runs unchanged in Node and in the browser (no DOM, no Node APIs).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { InteractionTable, Split } from '../data/types.ts';
import { throwIfAborted } from '../errors.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { LongWorkOptions } from '../progress.ts';
import { EvalError } from './eval-error.ts';
import { rankTargetsOnDevice } from '../models/webgpu/device-queries.ts';
import { badScore, TargetRanker } from './rank.ts';
import { summarizeRanks, summarizeRatings, type GroupReport } from './summarize.ts';
import { collectTargets, type EvalTarget } from './targets.ts';
import { itemsByUser, itemsOf } from '../data/user-items.ts';

export const DEFAULT_KS: readonly number[] = DEFAULT_CONFIG.evaluation.ks;

export interface RankingOptions extends LongWorkOptions {
  /** Which held-out item to rank. */
  target: EvalTarget;
  /** Cut-offs for HR@k and NDCG@k (default 3, 5, 10, 20). */
  ks?: readonly number[];
  /**
   * Users scored per `model.scoreUsers` call. Default: as many as fit 2^22 scores (a 16 MB block),
   * at most 1024 — 430 users for 9.7K items, 67 for 62K items.
   */
  batchUsers?: number;
  /** Number of activity groups (default 5: quintiles). */
  groupCount?: number;
}

/** One row per evaluated user, sorted by user index; the aggregator blends per user from these. */
export interface RankingPerUser {
  user: Int32Array;
  /** The held-out item. */
  item: Int32Array;
  /** Its 0-based rank among the candidates (pessimistic on ties). */
  rank: Int32Array;
  /** Number of candidates ranked, the held-out item included. */
  candidates: Int32Array;
  trainCount: Int32Array;
  /** Index into the report's `groups`. */
  group: Uint8Array;
}

export interface RankingReport {
  target: EvalTarget;
  ks: number[];
  /** Number of users evaluated. */
  users: number;
  /** e.g. { 'HR@10': 0.05, 'NDCG@10': 0.025, … } */
  overall: Record<string, number>;
  groups: GroupReport[];
  perUser: RankingPerUser;
}

/**
 * Ranks each user's held-out item among all items except the user's training items and, when
 * the target is the test item, the validation item (it is known by then). When the target is the
 * validation item the test item stays a candidate: it lies in the future and the model never saw it.
 */
export async function evaluateRanking(
  model: ScoringModel,
  table: InteractionTable,
  split: Split,
  options: RankingOptions,
): Promise<RankingReport> {
  const ks = checkKs(options.ks ?? DEFAULT_KS);
  const { numUsers, numItems } = model;
  const batchUsers = options.batchUsers ?? defaultBatchUsers(numItems);
  if (!Number.isInteger(batchUsers) || batchUsers < 1) {
    throw new EvalError('EVAL_BAD_OPTION', `batchUsers must be a positive integer, got ${batchUsers}.`);
  }
  const targets = collectTargets(table, split, { ...options, numUsers, numItems });
  const trainItems = itemsByUser(table, split.train, numUsers);
  const validationItems = options.target === 'test' ? itemsByUser(table, split.validation, numUsers) : null;

  const n = targets.user.length;
  const rank = new Int32Array(n);
  const candidates = new Int32Array(n);
  const ranker = new TargetRanker(numItems);
  const phase = `ranking all items for each user (${options.target})`;
  const excluded = (u: number) => excludedItems(itemsOf(trainItems, u), validationItems && itemsOf(validationItems, u));
  // On WebGPU an MF model ranks every user's target on the GPU, all users in one batched pass.
  throwIfAborted(options.signal, 'Evaluation');
  const onDevice = await rankTargetsOnDevice(model, targets.user, targets.item, (b) => excluded(targets.user[b]!), (done) =>
    options.onProgress?.({ phase, done, total: n }),
  );
  if (onDevice) {
    for (let k = 0; k < n; k++) {
      if (Number.isNaN(onDevice.targetScore[k]!)) throw badScore(targets.user[k]!, targets.item[k]!);
      if (onDevice.firstNaN[k]! >= 0) throw badScore(targets.user[k]!, onDevice.firstNaN[k]!);
      rank[k] = onDevice.rank[k]!;
      candidates[k] = onDevice.candidates[k]!;
    }
  }
  for (let start = 0; start < n && !onDevice; start += batchUsers) {
    options.onProgress?.({ phase, done: start, total: n });
    throwIfAborted(options.signal, 'Evaluation');
    const users = targets.user.subarray(start, Math.min(n, start + batchUsers));
    const scores = await model.scoreUsers(users);
    if (scores.length !== users.length * numItems) {
      throw new EvalError(
        'EVAL_MODEL_MISMATCH',
        `model.scoreUsers returned ${scores.length} scores for ${users.length} users × ${numItems} items; ` +
          'the model must return one score per item for each user.',
      );
    }
    for (let b = 0; b < users.length; b++) {
      const k = start + b;
      const u = users[b]!;
      const row = scores.subarray(b * numItems, (b + 1) * numItems);
      const result = ranker.rank(row, targets.item[k]!, excluded(u), u);
      rank[k] = result.rank;
      candidates[k] = result.candidates;
    }
  }
  options.onProgress?.({ phase, done: n, total: n });

  const summary = summarizeRanks(rank, targets.group, targets.groups, ks);
  return {
    target: options.target,
    ks,
    users: n,
    ...summary,
    perUser: {
      user: targets.user,
      item: targets.item,
      rank,
      candidates,
      trainCount: targets.trainCount,
      group: targets.group,
    },
  };
}

export interface RatingOptions extends LongWorkOptions {
  target: EvalTarget;
  groupCount?: number;
}

/** One row per evaluated user with a rated held-out interaction, sorted by user index. */
export interface RatingPerUser {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  prediction: Float32Array;
  trainCount: Int32Array;
  group: Uint8Array;
}

export interface RatingReport {
  target: EvalTarget;
  /** Users whose held-out interaction has a rating (the others are skipped, see `unrated`). */
  users: number;
  /** Held-out interactions without a rating (implicit feedback), skipped. */
  unrated: number;
  /** { RMSE, MAE } */
  overall: Record<string, number>;
  /** Same boundaries as the ranking groups; `users` counts rated users only. */
  groups: GroupReport[];
  perUser: RatingPerUser;
}

/** RMSE and MAE of `model.scorePairs` on each user's held-out rating, overall and per group. */
export async function evaluateRating(
  model: ScoringModel,
  table: InteractionTable,
  split: Split,
  options: RatingOptions,
): Promise<RatingReport> {
  if (model.kind === 'mf-bpr' || model.kind === 'lightgcn' || model.kind === 'sasrec') {
    const what = model.kind === 'sasrec' ? 'next-item preferences (a binary cross-entropy on the next item)' : 'pairwise (BPR) preferences';
    throw new EvalError(
      'EVAL_BAD_OPTION',
      `${model.kind} scores are ${what}, not ratings, so RMSE/MAE would be meaningless; ` +
        'evaluate it with evaluateRanking, and ratings with an mf-rating model.',
    );
  }
  const { numUsers, numItems } = model;
  const targets = collectTargets(table, split, { ...options, numUsers, numItems });
  const rated: number[] = [];
  for (let k = 0; k < targets.row.length; k++) {
    if (!Number.isNaN(table.rating[targets.row[k]!]!)) rated.push(k);
  }
  if (rated.length === 0) {
    throw new EvalError(
      'EVAL_NO_TARGETS',
      `None of the ${targets.row.length} ${options.target} interactions has a rating (implicit feedback); ` +
        'evaluate this dataset with ranking metrics (evaluateRanking) instead.',
    );
  }
  const pick = <T extends Int32Array | Uint8Array>(values: T, make: (n: number) => T): T => {
    const out = make(rated.length);
    rated.forEach((k, p) => (out[p] = values[k]!));
    return out;
  };
  const user = pick(targets.user, (n) => new Int32Array(n));
  const item = pick(targets.item, (n) => new Int32Array(n));
  const trainCount = pick(targets.trainCount, (n) => new Int32Array(n));
  const group = pick(targets.group, (n) => new Uint8Array(n));
  const rating = Float32Array.from(rated, (k) => table.rating[targets.row[k]!]!);

  throwIfAborted(options.signal, 'Evaluation');
  const phase = `predicting held-out ratings (${options.target})`;
  options.onProgress?.({ phase, done: 0, total: rated.length });
  const prediction = await model.scorePairs(user, item);
  if (prediction.length !== rated.length) {
    throw new EvalError(
      'EVAL_MODEL_MISMATCH',
      `model.scorePairs returned ${prediction.length} predictions for ${rated.length} pairs; it must return one per pair.`,
    );
  }
  for (let p = 0; p < prediction.length; p++) {
    if (!Number.isFinite(prediction[p]!)) {
      throw new EvalError(
        'EVAL_BAD_SCORE',
        `The model predicted ${prediction[p]} for user ${user[p]}, item ${item[p]}; ` +
          'training probably diverged: retrain with a lower learning rate or more regularisation.',
      );
    }
  }
  options.onProgress?.({ phase, done: rated.length, total: rated.length });

  const summary = summarizeRatings(prediction, rating, group, targets.groups);
  return {
    target: options.target,
    users: rated.length,
    unrated: targets.row.length - rated.length,
    ...summary,
    perUser: { user, item, rating, prediction, trainCount, group },
  };
}

export function defaultBatchUsers(numItems: number): number {
  const { batchScores, maxBatchUsers } = DEFAULT_CONFIG.evaluation;
  return Math.max(1, Math.min(maxBatchUsers, Math.floor(batchScores / Math.max(1, numItems))));
}

function checkKs(ks: readonly number[]): number[] {
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new EvalError('EVAL_BAD_OPTION', `ks must be a non-empty list of positive integers, got [${ks.join(', ')}].`);
  }
  return [...ks];
}

/** Training items, plus the validation item when ranking the test item (the ranker deduplicates). */
function excludedItems(train: Int32Array, validation: Int32Array | null): Int32Array {
  if (!validation || validation.length === 0) return train;
  const out = new Int32Array(train.length + validation.length);
  out.set(train);
  out.set(validation, train.length);
  return out;
}
