/**
 * Blending the MF model and the LLM per user (PAPER.md §5): U = α_u·U_LLM + (1 − α_u)·U_MF.
 *
 * Rankings use position utilities: the item at 1-based position s of a list gets −s·C (C = 1),
 * for the MF list and for the LLM's order alike, so both live on the same scale whatever the
 * raw MF scores are. The LLM re-ranks the MF candidates (its top-k'); it may be asked for only
 * its top P of them (the paper's prompt: "return the top k"), and items beyond the first P it
 * names are ignored. Items it did not place all share the position right after its last placed
 * item, m + 1 for m placed items, so among themselves MF decides. Using m + 1 rather than, say,
 * k' + 1 keeps every LLM utility within the span that the skip rule in skip-llm.ts relies on.
 *
 * Ties in U (exact or within float noise) go to the better MF position: MF is the model fitted
 * to this user's own data, and it makes α → 0 reproduce the MF order exactly.
 */
import { AggregationError } from './aggregate-error.ts';

/** C in −s·C. Any C > 0 gives the same order; 1 keeps utilities readable. */
export const POSITION_COST = 1;

/** Two utilities closer than this are a tie (float noise, e.g. 0.1·9 vs 0.9·1). */
export const TIE_TOLERANCE = 1e-9;

/** Utility of the item at 1-based position `s` of a ranking. */
export function positionUtility(s: number): number {
  return -s * POSITION_COST;
}

/** One MF candidate, in MF order (best first). */
export interface MfCandidate {
  item: number;
  /** The MF model's raw score (higher is better). */
  score: number;
}

/** One item of the blended ranking, with every part of its score, for display and evaluation. */
export interface BlendedItem {
  item: number;
  mfScore: number;
  /** 1-based position in the MF list. */
  mfPosition: number;
  /** U_LLM used in the blend; null when the LLM was not asked (skipped or failed). */
  llmScore: number | null;
  /** 1-based position in the LLM's order; null when the LLM did not place the item. */
  llmPosition: number | null;
  alpha: number;
  /** U = α·U_LLM + (1 − α)·U_MF; just U_MF when the LLM was not asked. */
  finalScore: number;
}

export function validateAlpha(alpha: number, field = 'alpha'): void {
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
    throw new AggregationError(`${field} must be a number between 0 and 1 (got ${String(alpha)}).`);
  }
}

function validateMfList(mf: readonly MfCandidate[]): void {
  const seen = new Set<number>();
  for (let s = 0; s < mf.length; s++) {
    const c = mf[s]!;
    if (seen.has(c.item)) throw new AggregationError(`MF list has item ${c.item} twice (positions must be unique); pass each candidate once.`);
    seen.add(c.item);
    if (!Number.isFinite(c.score)) throw new AggregationError(`MF score of item ${c.item} is ${String(c.score)}; the model produced a non-finite score.`);
    if (s > 0 && c.score > mf[s - 1]!.score) {
      throw new AggregationError(`MF list is not sorted best first (item ${c.item} at position ${s + 1} outscores the one before it); sort by score descending.`);
    }
  }
}

/**
 * The LLM's 1-based position of each candidate it placed, at most `places` of them. Items that
 * are not candidates, and repeats, are dropped: the parser should already have done so, but a
 * hallucinated item must never reach a recommendation.
 */
export function llmPositions(candidates: ReadonlySet<number>, llmOrder: readonly number[], places = Infinity): Map<number, number> {
  const positions = new Map<number, number>();
  for (const item of llmOrder) {
    if (positions.size >= places) break;
    if (candidates.has(item) && !positions.has(item)) positions.set(item, positions.size + 1);
  }
  return positions;
}

export interface BlendOptions {
  /**
   * How many of its best candidates the LLM was asked to name (P); names beyond the first P
   * count as unplaced. Default: all candidates. A smaller P bounds how far the LLM can move
   * an item, which lets the skip rule spare more calls (skip-llm.ts).
   */
  llmPlaces?: number;
}

export function validatePlaces(places: number | undefined): void {
  if (places !== undefined && !(Number.isInteger(places) && places >= 1)) {
    throw new AggregationError(`llmPlaces must be a whole number ≥ 1 (got ${String(places)}): how many candidates the LLM is asked to rank.`);
  }
}

/** Best first: higher U, then (tie) better MF position. */
export function compareBlended(a: BlendedItem, b: BlendedItem): number {
  const d = b.finalScore - a.finalScore;
  if (Math.abs(d) > TIE_TOLERANCE) return d;
  return a.mfPosition - b.mfPosition;
}

/**
 * Blends one user's MF candidates (best first) with the LLM's order of them (null: LLM not
 * asked) and returns all candidates, best first. Take the first k for a top-k list.
 */
export function blendRanking(
  mf: readonly MfCandidate[],
  llmOrder: readonly number[] | null,
  alpha: number,
  options: BlendOptions = {},
): BlendedItem[] {
  validateAlpha(alpha);
  validateMfList(mf);
  validatePlaces(options.llmPlaces);
  const positions = llmOrder === null ? null : llmPositions(new Set(mf.map((c) => c.item)), llmOrder, options.llmPlaces);
  const unplacedUtility = positions === null ? 0 : positionUtility(positions.size + 1);
  const out = mf.map((c, s): BlendedItem => {
    const mfPosition = s + 1;
    const uMf = positionUtility(mfPosition);
    if (positions === null) {
      return { item: c.item, mfScore: c.score, mfPosition, llmScore: null, llmPosition: null, alpha, finalScore: uMf };
    }
    const llmPosition = positions.get(c.item) ?? null;
    const uLlm = llmPosition === null ? unplacedUtility : positionUtility(llmPosition);
    return { item: c.item, mfScore: c.score, mfPosition, llmScore: uLlm, llmPosition, alpha, finalScore: alpha * uLlm + (1 - alpha) * uMf };
  });
  return out.sort(compareBlended);
}

/** One blended rating prediction with its parts. */
export interface BlendedRating {
  mfScore: number;
  /** The LLM's rating; null when it was not asked or gave no usable number. */
  llmScore: number | null;
  alpha: number;
  finalScore: number;
}

/** Ratings blend directly: r = α·r_LLM + (1 − α)·r_MF; without an LLM rating, r = r_MF. */
export function blendRating(mfRating: number, llmRating: number | null, alpha: number): BlendedRating {
  validateAlpha(alpha);
  if (!Number.isFinite(mfRating)) throw new AggregationError(`MF rating is ${String(mfRating)}; the model produced a non-finite prediction.`);
  const llm = llmRating !== null && Number.isFinite(llmRating) ? llmRating : null;
  const finalScore = llm === null ? mfRating : alpha * llm + (1 - alpha) * mfRating;
  return { mfScore: mfRating, llmScore: llm, alpha, finalScore };
}
