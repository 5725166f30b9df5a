/**
 * The per-user aggregation loop for rankings: for each user, α_u, then either the LLM's
 * re-ranking of MF's top-k' candidates blended with MF's order, or, when the skip rule shows the
 * LLM cannot change anything (skip-llm.ts), MF's order without an LLM call.
 *
 * The LLM is reached through `rankWithLlm`, a port (llm-rankers.ts: listwise or pointwise) that builds the prompt, calls the
 * engine and parses the answer into item indices; it returns null when the answer is unusable
 * (the user then keeps MF's order). Engine failures it throws end the loop.
 */
import { throwIfAborted } from '../errors.ts';
import type { LongWorkOptions } from '../progress.ts';
import { blendRanking, validateAlpha, type BlendedItem, type MfCandidate } from './blend.ts';
import { llmCanChangeRanking } from './skip-llm.ts';

export interface RankRequest {
  user: number;
  /** MF's top-k', best first. */
  candidates: readonly MfCandidate[];
  /** How many of them the LLM is asked to name, best first (the prompt's "top k"). */
  places: number;
  signal?: AbortSignal;
}

/** The LLM's order of the candidates (item indices, best first), or null if it gave none usable. */
export type RankWithLlm = (request: RankRequest) => Promise<readonly number[] | null>;

export interface AggregateUsersOptions extends LongWorkOptions {
  users: ArrayLike<number>;
  /** MF's top-k' for a user, best first. */
  candidates: (user: number) => readonly MfCandidate[] | Promise<readonly MfCandidate[]>;
  /** The LLM weight of a user (α_u, or a fixed α for the ablations; see aggregation-mode.ts). */
  alphaOf: (user: number) => number;
  rankWithLlm: RankWithLlm;
  /** How many candidates the LLM is asked to rank (P); default all k'. See skip-llm.ts. */
  llmPlaces?: number;
  /** Ask the LLM even when it cannot change the list (to measure the rule). Default false. */
  askAlways?: boolean;
}

export interface UserAggregation {
  user: number;
  alpha: number;
  /** Whether the LLM was asked for this user. */
  askedLlm: boolean;
  /** All candidates, blended, best first. */
  items: BlendedItem[];
}

export interface AggregateUsersResult {
  users: UserAggregation[];
  /** LLM calls made. */
  calls: number;
  /** Users spared an LLM call by the skip rule. */
  skipped: number;
}

const WHAT = 'Blending the LLM with the MF model';

export interface AggregateUserOptions {
  user: number;
  /** The user's LLM weight (α_u, or a fixed α for the ablations). */
  alpha: number;
  /** MF's top-k' for the user, best first. */
  candidates: readonly MfCandidate[];
  rankWithLlm: RankWithLlm;
  llmPlaces?: number;
  askAlways?: boolean;
  signal?: AbortSignal;
}

/**
 * One user: the LLM is asked for its order of the candidates only when it can change the list
 * (or `askAlways`), then both orders are blended with the user's α.
 */
export async function aggregateUser(options: AggregateUserOptions): Promise<UserAggregation> {
  const { user, alpha, candidates, signal } = options;
  validateAlpha(alpha, `alpha of user ${user}`);
  const places = Math.min(options.llmPlaces ?? candidates.length, candidates.length);
  const askedLlm = candidates.length > 0 && (options.askAlways === true || llmCanChangeRanking(alpha, candidates.length, places));
  const order = askedLlm ? await options.rankWithLlm(signal ? { user, candidates, places, signal } : { user, candidates, places }) : null;
  return { user, alpha, askedLlm, items: blendRanking(candidates, order, alpha, { llmPlaces: Math.max(places, 1) }) };
}

export async function aggregateUsers(options: AggregateUsersOptions): Promise<AggregateUsersResult> {
  const { users, signal, onProgress } = options;
  const out: UserAggregation[] = [];
  let calls = 0;
  for (let k = 0; k < users.length; k++) {
    throwIfAborted(signal, WHAT);
    const user = users[k]!;
    const row = await aggregateUser({ ...options, user, alpha: options.alphaOf(user), candidates: await options.candidates(user) });
    if (row.askedLlm) calls++;
    out.push(row);
    onProgress?.({ phase: 'blending LLM and MF rankings', done: k + 1, total: users.length });
  }
  return { users: out, calls, skipped: users.length - calls };
}
