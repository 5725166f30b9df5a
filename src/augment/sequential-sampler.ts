/**
 * The plan of a sequential data-augmentation job (PAPER.md §2, "sequential"): for each user,
 * sets of k items the user has not interacted with, from which the LLM picks the next one.
 * Users long-tail first within a budget of calls, like the pairwise plan (pair-sampler.ts); a
 * user's sets are disjoint (so a stored answer identifies its set) and depend only on
 * (seed, user), so a restarted job recomputes exactly the same sets.
 */
import { AugmentError } from './augment-error.ts';
import { availableItems, checkBudgetFields, usersLongTailFirst } from './pair-sampler.ts';
import { userRandom } from './user-random.ts';

export interface SequentialBudget {
  /** Candidate sets (= LLM calls) per user. */
  setsPerUser: number;
  /** Items per set (k), at least 2. */
  setSize: number;
  /** LLM calls in the whole job; the last user may get fewer sets. */
  maxCalls: number;
  /** Users with fewer training interactions are left out. Default 1. */
  minInteractions?: number;
}

export interface UserCandidateSets {
  user: number;
  sets: number[][];
}

export interface SequentialPlanInput {
  counts: ArrayLike<number>;
  interacted: (user: number) => ReadonlySet<number>;
  numItems: number;
  budget: SequentialBudget;
  seed: number;
  /** Items to draw from for a user; default: the whole catalogue. */
  pool?: (user: number) => ArrayLike<number>;
}

export function planCandidateSets(input: SequentialPlanInput): UserCandidateSets[] {
  const { budget } = input;
  checkBudgetFields({ setsPerUser: budget.setsPerUser, setSize: budget.setSize, maxCalls: budget.maxCalls, minInteractions: budget.minInteractions });
  if (budget.setsPerUser === 0) throw new AugmentError('budget.setsPerUser is 0, so nothing would ever be asked; set it to 1 or more.');
  if (budget.setSize < 2) throw new AugmentError(`budget.setSize must be at least 2 (got ${budget.setSize}): the LLM picks one of several items.`);
  const catalogue = input.pool ? null : Int32Array.from({ length: input.numItems }, (_, i) => i);
  const plan: UserCandidateSets[] = [];
  let calls = 0;
  for (const user of usersLongTailFirst(input.counts, budget.minInteractions ?? 1)) {
    if (calls >= budget.maxCalls) break;
    const available = availableItems(input.pool ? input.pool(user) : catalogue!, input.interacted(user));
    const random = userRandom(input.seed, user);
    // Partial Fisher–Yates: the first setsPerUser·k slots become a uniform sample without repeats.
    const want = Math.min(budget.setsPerUser * budget.setSize, available.length);
    for (let i = 0; i < want; i++) {
      const j = i + random.int(available.length - i);
      [available[i], available[j]] = [available[j]!, available[i]!];
    }
    const sets: number[][] = [];
    for (let start = 0; start + budget.setSize <= want; start += budget.setSize) sets.push(available.slice(start, start + budget.setSize));
    const kept = sets.slice(0, budget.maxCalls - calls);
    if (kept.length === 0) continue;
    plan.push({ user, sets: kept });
    calls += kept.length;
  }
  return plan;
}
