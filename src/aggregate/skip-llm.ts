/**
 * When the LLM call cannot matter: the LLM is the expensive part, so a user whose α_u is too
 * small for any LLM answer to change their recommendations is not sent to it at all.
 *
 * Claim. With position utilities (blend.ts), k' ≥ 2 MF candidates, the LLM asked for its top
 * P ≥ 1 of them, and weight α, let d = min(P, k' − 1). Some LLM answer changes the blended order
 * of the candidates if and only if α·d > 1 − α, i.e. α > 1/(d + 1). Then (for every k ≥ 1) some
 * answer changes the top-k list; otherwise none changes anything, for any k. C cancels, so the
 * rule holds for any C > 0. For a full re-ranking (P ≥ k' − 1) the threshold is 1/k'.
 *
 * Proof. Write π(i) for the LLM position used for item i: placed items get 1..m (m ≤ P,
 * m ≤ k'), unplaced ones m + 1 (blend.ts), so 1 ≤ π ≤ min(P + 1, k') and any two differ by at
 * most d. Write s(i) for its MF position. For items a, b with s(a) < s(b), b goes above a only
 * if U_b − U_a > 0 (a tie keeps MF order), where
 *   U_b − U_a = α·(π(a) − π(b)) + (1 − α)·(s(a) − s(b)) ≤ α·d − (1 − α),
 * because π(a) − π(b) ≤ d and s(a) − s(b) ≤ −1.
 * (⇐, skip is safe) If α·d ≤ 1 − α, no pair ever inverts, so the blended order is the MF order
 *   whatever the LLM says: the top-k set and its order are MF's.
 * (⇒, the call can matter) If α·d > 1 − α, take any k with 1 ≤ k < k', b = s⁻¹(k+1),
 *   a = s⁻¹(k), and the answer that names b first and then d − 1 further candidates other than
 *   a (there are k' − 2 ≥ d − 1 of them), so that a is at d + 1 (unplaced, or placed last when
 *   d = k' − 1). Then U_b − U_a = α·d − (1 − α) > 0, so b beats a; every item c with
 *   s(c) > k + 1 has π(c) > 1 = π(b) and s(c) > s(b), so U_c < U_b. Hence only items with
 *   s < k, at most k − 1 of them, can be above b: b enters the top k and the top-k set changes.
 *   For k ≥ k' the set is all candidates, but the same construction on the first two MF items
 *   reorders the list (k ≥ 2), and for k = 1 the k < k' case applies.
 * With k' ≤ 1 there is nothing to reorder. The comparison uses the same tie tolerance as the
 * blend's sort, so the rule and the blend agree on the boundary α = 1/(d + 1) despite float
 * noise. Tested by brute force over every LLM answer (all permutations and partial lists, also
 * longer than P) for k' ≤ 5 and every P in skip-llm.test.ts.
 */
import { TIE_TOLERANCE, validateAlpha, validatePlaces } from './blend.ts';
import { ALPHA_GRID, alphaFor, tailRange, validateAlphaParams, type AlphaParams } from './long-tail.ts';

/**
 * True when some LLM answer can change the blended order of `kPrime` candidates under weight
 * `alpha`, the LLM being asked for its top `llmPlaces` (default: all of them).
 */
export function llmCanChangeRanking(alpha: number, kPrime: number, llmPlaces = kPrime): boolean {
  validateAlpha(alpha);
  validatePlaces(llmPlaces);
  if (kPrime <= 1) return false;
  const d = Math.min(llmPlaces, kPrime - 1);
  return alpha * d - (1 - alpha) > TIE_TOLERANCE;
}

/** The largest α for which the LLM call is skipped: 1/(min(P, k' − 1) + 1). */
export function skipThreshold(kPrime: number, llmPlaces = kPrime): number {
  return 1 / (Math.min(llmPlaces, kPrime - 1) + 1);
}

/** Per user: whether to ask the LLM at all (false: the blend would equal MF's ranking anyway). */
export function usersNeedingLlm(alphas: ArrayLike<number>, kPrime: number, llmPlaces = kPrime): Uint8Array {
  const out = new Uint8Array(alphas.length);
  for (let u = 0; u < alphas.length; u++) out[u] = llmCanChangeRanking(alphas[u]!, kPrime, llmPlaces) ? 1 : 0;
  return out;
}

export interface SkipRow extends AlphaParams {
  kPrime: number;
  /** How many candidates the LLM is asked to rank (P). */
  llmPlaces: number;
  users: number;
  /** Users sent to the LLM (one re-ranking call each). */
  calls: number;
  /** Users whose call is skipped because it could not change their list. */
  skipped: number;
}

/** One re-ranking setting: k' candidates, of which the LLM names its top `llmPlaces` (default all). */
export interface RerankShape {
  kPrime: number;
  llmPlaces?: number;
}

/**
 * How many re-ranking calls the skip rule saves, for each (α1, α2) on the grid and each shape.
 * `counts[u]` = N(u) in training; every user counts as one would-be call.
 */
export function countSkippedCalls(
  counts: ArrayLike<number>,
  shapes: readonly RerankShape[],
  grid: readonly number[] = ALPHA_GRID,
): SkipRow[] {
  const range = tailRange(counts);
  const rows: SkipRow[] = [];
  for (const { kPrime, llmPlaces = kPrime } of shapes) {
    for (const alpha1 of grid) {
      for (const alpha2 of grid) {
        const params = { alpha1, alpha2 };
        validateAlphaParams(params);
        let calls = 0;
        for (let u = 0; u < counts.length; u++) {
          if (llmCanChangeRanking(alphaFor(counts[u]!, range, params), kPrime, llmPlaces)) calls++;
        }
        rows.push({ kPrime, llmPlaces, alpha1, alpha2, users: counts.length, calls, skipped: counts.length - calls });
      }
    }
  }
  return rows;
}
