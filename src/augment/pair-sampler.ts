/**
 * The plan of a pairwise data-augmentation job (PAPER.md §2, "direct recommendation"): which
 * users, and which pairs of items each of them has not interacted with, the LLM is asked about.
 *
 * The paper leaves both open. Here: long-tail users first (fewest training interactions, ties
 * by user index), because they are where MF is weakest and where α_u sends the most weight to
 * the LLM anyway; a budget of pairs per user and of LLM calls in total (one call per pair).
 *
 * The plan is a pure function of its inputs and the seed, and each user's pairs come from a
 * generator seeded by (seed, user) alone, so a job restarted after a reload recomputes exactly
 * the same pairs, even if the budget changed which other users are in the plan.
 */
import type { Random } from '../random.ts';
import { userRandom } from './user-random.ts';
import { AugmentError } from './augment-error.ts';

export interface PairBudget {
  /** Pairs (= LLM calls) per user. */
  pairsPerUser: number;
  /** LLM calls in the whole job; the last user may get fewer than `pairsPerUser` pairs. */
  maxCalls: number;
  /** Users with fewer training interactions are left out: the LLM has nothing to judge them by. Default 1. */
  minInteractions?: number;
}

/** Two items the user has not interacted with, in the order they are shown (A, B). */
export type ItemPair = readonly [number, number];

export interface UserPairPlan {
  user: number;
  pairs: ItemPair[];
}

export interface PairPlanInput {
  /** N(u) in training for every user. */
  counts: ArrayLike<number>;
  /** The items user u has interacted with (training), which are never sampled. */
  interacted: (user: number) => ReadonlySet<number>;
  numItems: number;
  budget: PairBudget;
  seed: number;
  /** Items to draw from for a user (e.g. MF's top 100); default: the whole catalogue. */
  pool?: (user: number) => ArrayLike<number>;
}

/** Throws an `AugmentError` naming the first budget field that is not a whole number ≥ 0. */
export function checkBudgetFields(fields: Record<string, number | undefined>): void {
  for (const [name, v] of Object.entries(fields)) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
      throw new AugmentError(`budget.${name} must be a whole number ≥ 0 (got ${String(v)}).`);
    }
  }
}

function checkBudget(budget: PairBudget): void {
  checkBudgetFields({ pairsPerUser: budget.pairsPerUser, maxCalls: budget.maxCalls, minInteractions: budget.minInteractions });
  if (budget.pairsPerUser === 0) throw new AugmentError('budget.pairsPerUser is 0, so no pair would ever be asked; set it to 1 or more.');
}

/** The pool's distinct items outside `interacted`, in pool order. */
export function availableItems(pool: ArrayLike<number>, interacted: ReadonlySet<number>): number[] {
  const available: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < pool.length; i++) {
    const item = pool[i]!;
    if (!interacted.has(item) && !seen.has(item)) {
      seen.add(item);
      available.push(item);
    }
  }
  return available;
}

/** Users in the order the job serves them: fewest interactions first, ties by index. */
export function usersLongTailFirst(counts: ArrayLike<number>, minInteractions = 1): number[] {
  const users: number[] = [];
  for (let u = 0; u < counts.length; u++) if (counts[u]! >= minInteractions) users.push(u);
  return users.sort((a, b) => counts[a]! - counts[b]! || a - b);
}

/**
 * Up to `count` distinct unordered pairs of distinct items from `pool` outside `interacted`,
 * each in a random A/B order (so the LLM's position bias does not align with anything).
 */
export function samplePairs(pool: ArrayLike<number>, interacted: ReadonlySet<number>, count: number, random: Random): ItemPair[] {
  const available = availableItems(pool, interacted);
  const m = available.length;
  const possible = (m * (m - 1)) / 2;
  const want = Math.min(count, possible);
  const pairs: ItemPair[] = [];
  if (want === 0) return pairs;
  if (want * 2 > possible) {
    // Dense request: enumerate and shuffle, since rejection sampling would stall near the end.
    const all: [number, number][] = [];
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) all.push([available[i]!, available[j]!]);
    for (let i = all.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    for (const [a, b] of all.slice(0, want)) pairs.push(random.next() < 0.5 ? [a, b] : [b, a]);
    return pairs;
  }
  const taken = new Set<string>();
  while (pairs.length < want) {
    const a = available[random.int(m)]!;
    const b = available[random.int(m)]!;
    if (a === b) continue;
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    if (taken.has(key)) continue;
    taken.add(key);
    pairs.push([a, b]);
  }
  return pairs;
}

/** The whole job's plan, long-tail users first, within the budget. */
export function planPairs(input: PairPlanInput): UserPairPlan[] {
  const { budget } = input;
  checkBudget(budget);
  const catalogue = input.pool ? null : Int32Array.from({ length: input.numItems }, (_, i) => i);
  const plan: UserPairPlan[] = [];
  let calls = 0;
  for (const user of usersLongTailFirst(input.counts, budget.minInteractions ?? 1)) {
    if (calls >= budget.maxCalls) break;
    const count = Math.min(budget.pairsPerUser, budget.maxCalls - calls);
    const pool = input.pool ? input.pool(user) : catalogue!;
    // Always draw the full per-user quota, then cut: a user's first pairs do not depend on the budget.
    const pairs = samplePairs(pool, input.interacted(user), budget.pairsPerUser, userRandom(input.seed, user)).slice(0, count);
    if (pairs.length === 0) continue;
    plan.push({ user, pairs });
    calls += pairs.length;
  }
  return plan;
}

/** Unordered key of a user's pair, for matching plans against stored triples. */
export function pairKey(user: number, a: number, b: number): string {
  return a < b ? `${user}:${a}:${b}` : `${user}:${b}:${a}`;
}
