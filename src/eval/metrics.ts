/**
 * Metric functions, each small and pure, so the evaluator, the aggregator (which re-ranks per
 * user) and the UI compute numbers the same way.
 *
 * Leave-one-out has a single held-out item per user, so HR@k and NDCG@k depend only on that
 * item's 0-based rank among the candidates: with one relevant item the ideal DCG is 1, hence
 * NDCG@k = 1 / log2(rank + 2) when rank < k, else 0.
 */

/** 1 if the held-out item is in the top k (0-based `rank` < k), else 0. */
export function hitRatioAt(rank: number, k: number): number {
  return rank < k ? 1 : 0;
}

/** NDCG@k for one relevant item at 0-based `rank`: 1/log2(rank+2) inside the top k, else 0. */
export function ndcgAt(rank: number, k: number): number {
  return rank < k ? 1 / Math.log2(rank + 2) : 0;
}

/** Arithmetic mean; NaN for an empty input (no users: there is no figure to report, not a zero). */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Root mean squared error between paired predictions and truths (same length). */
export function rmse(predictions: ArrayLike<number>, truths: ArrayLike<number>): number {
  assertSameLength(predictions, truths);
  if (predictions.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) {
    const d = predictions[i]! - truths[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum / predictions.length);
}

/** Mean absolute error between paired predictions and truths (same length). */
export function mae(predictions: ArrayLike<number>, truths: ArrayLike<number>): number {
  assertSameLength(predictions, truths);
  if (predictions.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) sum += Math.abs(predictions[i]! - truths[i]!);
  return sum / predictions.length;
}

/** Mean HR@k and NDCG@k over a set of ranks, keyed 'HR@k' / 'NDCG@k' in the order of `ks`. */
export function rankingMetrics(ranks: ArrayLike<number>, ks: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ks) {
    let hr = 0;
    let ndcg = 0;
    for (let i = 0; i < ranks.length; i++) {
      hr += hitRatioAt(ranks[i]!, k);
      ndcg += ndcgAt(ranks[i]!, k);
    }
    out[`HR@${k}`] = ranks.length === 0 ? Number.NaN : hr / ranks.length;
    out[`NDCG@${k}`] = ranks.length === 0 ? Number.NaN : ndcg / ranks.length;
  }
  return out;
}

/** RMSE and MAE over paired predictions and truths, keyed 'RMSE' / 'MAE'. */
export function ratingMetrics(
  predictions: ArrayLike<number>,
  truths: ArrayLike<number>,
): Record<string, number> {
  return { RMSE: rmse(predictions, truths), MAE: mae(predictions, truths) };
}

function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  // A programming error, not bad user input: the caller paired the arrays.
  if (a.length !== b.length) {
    throw new RangeError(`predictions (${a.length}) and truths (${b.length}) must have the same length`);
  }
}
