/**
 * The long-tail coefficient and the per-user LLM weight α_u (PAPER.md §5):
 *   l_u = log(N(u) + 1)
 *   α_u = α1 · max((l_max − l_u) / (l_max − l_min), α2)
 * with l_max / l_min over all users. Users with few interactions (small l_u) get a large
 * α_u, i.e. more weight on the LLM; the most active users get the floor α1·α2.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { AggregationError } from './aggregate-error.ts';

export interface AlphaParams {
  /** Overall scale of the LLM weight, in [0, 1]. */
  alpha1: number;
  /** Floor of the normalised tail position, in [0, 1]. */
  alpha2: number;
}

/** The paper's grid for both α1 and α2. */
export const ALPHA_GRID: readonly number[] = DEFAULT_CONFIG.loop.alphaGrid;

/** l_u = log(N(u) + 1); natural log (the base cancels in the normalisation below). */
export function longTailCoefficient(count: number): number {
  return Math.log(count + 1);
}

/** Throws an `AggregationError` naming the field unless both parameters are finite numbers in [0, 1]. */
export function validateAlphaParams(params: AlphaParams): void {
  for (const field of ['alpha1', 'alpha2'] as const) {
    const v = params[field];
    if (!Number.isFinite(v) || v < 0 || v > 1) {
      throw new AggregationError(`${field} must be a number between 0 and 1 (got ${String(v)}); the paper's grid is 0.1, 0.3, 0.5, 0.7, 0.9.`);
    }
  }
}

/** The range of l_u over all users; what α_u normalises by. */
export interface TailRange {
  lMin: number;
  lMax: number;
}

export function tailRange(counts: ArrayLike<number>): TailRange {
  let lMin = Infinity;
  let lMax = -Infinity;
  for (let u = 0; u < counts.length; u++) {
    const n = counts[u]!;
    if (!Number.isInteger(n) || n < 0) {
      throw new AggregationError(`interaction count of user ${u} must be a whole number ≥ 0 (got ${String(n)}); pass N(u) from the training split.`);
    }
    const l = longTailCoefficient(n);
    if (l < lMin) lMin = l;
    if (l > lMax) lMax = l;
  }
  return { lMin, lMax };
}

/**
 * α_u for one user given the population's range. When every user has the same count
 * (l_max = l_min) nobody is further into the tail than anyone else, so the normalised tail
 * position is taken as 0 and every user gets the floor α1·α2 (instead of dividing by zero).
 * A count outside the range (a user who joined after the range was taken) is clamped to it,
 * so α_u never leaves [α1·α2, α1].
 */
export function alphaFor(count: number, range: TailRange, params: AlphaParams): number {
  const span = range.lMax - range.lMin;
  const tail = span > 0 ? Math.min(1, Math.max(0, (range.lMax - longTailCoefficient(count)) / span)) : 0;
  return params.alpha1 * Math.max(tail, params.alpha2);
}

/** α_u for every user; `counts[u]` = N(u), the user's interactions in the training data. */
export function alphaForUsers(counts: ArrayLike<number>, params: AlphaParams): Float64Array {
  validateAlphaParams(params);
  const out = new Float64Array(counts.length);
  if (counts.length === 0) return out;
  const range = tailRange(counts);
  for (let u = 0; u < counts.length; u++) out[u] = alphaFor(counts[u]!, range, params);
  return out;
}
