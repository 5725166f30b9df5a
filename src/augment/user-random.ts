import { Random } from '../random.ts';

/**
 * A generator for one user that depends only on (seed, user): per-user choices (sampled pairs,
 * the candidate order shown to the LLM) then repeat exactly whatever other users are processed.
 */
export function userRandom(seed: number, user: number): Random {
  // Golden-ratio multiply spreads consecutive user ids over the 32-bit state space.
  return new Random((seed ^ Math.imul(user + 1, 0x9e3779b1)) >>> 0);
}
