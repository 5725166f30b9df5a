/**
 * What every step of the Llama4Rec loop needs to know about one dataset and its split, computed
 * once: N(u) in training (for α_u and long-tail-first augmentation), each user's training rows in
 * time order (prompt histories), the items each user must never be recommended, and the MF
 * candidates / prompt-augmentation parts (most similar user, MF's ranking) taken from a model.
 * The public recommender (create-recommender.ts) and the loop evaluation (src/loop/loop-eval.ts)
 * share it, so the product and its ablation table run the same code.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import type { Dataset, Split } from '../data/types.ts';
import { RecError } from '../errors.ts';
import { countPerUser } from '../data/user-items.ts';
import type { HistoryEntry, PromptItem } from '../llm/prompts/index.ts';
import { historyOf, rowsByUser } from '../llm/prompts/user-histories.ts';
import { recommendForUser, similarUsers } from '../models/queries.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { MfCandidate } from '../aggregate/blend.ts';
import { alphaFor, tailRange, validateAlphaParams, type AlphaParams, type TailRange } from '../aggregate/long-tail.ts';

/** Prompt histories keep the user's most recent interactions: older ones rarely survive the token budget anyway. */
export const HISTORY_LIMIT: number = DEFAULT_CONFIG.loop.historyLimit;

/**
 * Which interactions count as the user's past:
 * - 'validation' / 'test': evaluation (training rows only; for 'test' the validation item is
 *   also known and never recommended), as in the paper's protocol;
 * - 'serve': a real recommendation, where everything the user has rated is past.
 */
export type LoopScope = 'validation' | 'test' | 'serve';

export interface LoopContext {
  dataset: Dataset;
  split: Split;
  numUsers: number;
  numItems: number;
  /** N(u): training interactions per user. */
  counts: Int32Array;
  /** Each user's training rows, oldest first. */
  trainRows: Int32Array[];
  /** Each user's rows (all of them), oldest first. */
  allRows: Int32Array[];
  /** The validation item of each user, or −1. */
  validationItem: Int32Array;
  /** The range of l_u = log(N(u) + 1) over all users, which α_u normalises by. */
  tailRange: TailRange;
}

export function loopContext(dataset: Dataset, split: Split = leaveOneOutByTime(dataset.interactions)): LoopContext {
  const table = dataset.interactions;
  const numUsers = dataset.users.length;
  const validationItem = new Int32Array(numUsers).fill(-1);
  for (const r of split.validation) validationItem[table.user[r]!] = table.item[r]!;
  const counts = countPerUser(table, split.train, numUsers);
  return {
    dataset,
    split,
    numUsers,
    numItems: dataset.items.length,
    counts,
    trainRows: rowsByUser(table, numUsers, split.train),
    allRows: rowsByUser(table, numUsers),
    validationItem,
    tailRange: tailRange(counts),
  };
}

/** α_u of one user, from the range computed once per dataset (not α of every user to use one). */
export function alphaOfUser(ctx: LoopContext, user: number, params: AlphaParams): number {
  validateAlphaParams(params);
  return alphaFor(ctx.counts[user]!, ctx.tailRange, params);
}

export function checkUser(ctx: LoopContext, user: number): void {
  if (!Number.isInteger(user) || user < 0 || user >= ctx.numUsers) {
    throw new RecError('UNKNOWN_USER', `No user with index ${user}: the dataset has users 0..${ctx.numUsers - 1}.`);
  }
}

function rowsOf(ctx: LoopContext, user: number, scope: LoopScope): Int32Array {
  return (scope === 'serve' ? ctx.allRows : ctx.trainRows)[user]!;
}

/** Items never to recommend to `user` in this scope. */
export function seenItems(ctx: LoopContext, user: number, scope: LoopScope): Set<number> {
  const items = ctx.dataset.interactions.item;
  const seen = new Set<number>(Array.from(rowsOf(ctx, user, scope), (r) => items[r]!));
  if (scope === 'test' && ctx.validationItem[user]! >= 0) seen.add(ctx.validationItem[user]!);
  return seen;
}

/** The user's most recent interactions (with ratings) as prompt history entries, oldest first. */
export function historyFor(ctx: LoopContext, user: number, scope: LoopScope): HistoryEntry[] {
  return historyOf(ctx.dataset, rowsOf(ctx, user, scope).slice(-HISTORY_LIMIT));
}

export function promptItem(ctx: LoopContext, item: number): PromptItem {
  return ctx.dataset.items[item]!;
}

/** MF's top-k' unseen items for the user, best first. */
export async function mfCandidates(model: ScoringModel, ctx: LoopContext, user: number, kPrime: number, scope: LoopScope): Promise<MfCandidate[]> {
  checkUser(ctx, user);
  const top = await recommendForUser(model, user, kPrime, seenItems(ctx, user, scope));
  return top.map((s) => ({ item: s.index, score: s.score }));
}

/** The most similar user by MF user embeddings (cosine), with that user's similarity. */
export async function mostSimilarUser(model: ScoringModel, user: number): Promise<{ user: number; similarity: number } | null> {
  const [best] = await similarUsers(model, user, 1);
  return best ? { user: best.index, similarity: best.score } : null;
}

/** One past interaction of a user as a page shows it: the item's id and title, the rating, when. */
export interface PastInteraction {
  itemId: string;
  title: string;
  year?: number;
  /** null for implicit feedback. */
  rating: number | null;
  /** Seconds since the epoch (or the row position for formats without time). */
  timestamp: number;
}

/** Everything the user rated, oldest first, from the dataset the context already holds. */
export function pastInteractions(ctx: LoopContext, user: number): PastInteraction[] {
  checkUser(ctx, user);
  const { interactions, items } = ctx.dataset;
  return Array.from(ctx.allRows[user]!, (r): PastInteraction => {
    const item = items[interactions.item[r]!]!;
    const rating = interactions.rating[r]!;
    return {
      itemId: item.id,
      title: item.title,
      ...(item.year === undefined ? {} : { year: item.year }),
      rating: Number.isNaN(rating) ? null : rating,
      timestamp: interactions.timestamp[r]!,
    };
  });
}
