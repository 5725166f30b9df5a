/**
 * Tuning α1, α2 on the validation split (PAPER.md §5): grid search over
 * {0.1, 0.3, 0.5, 0.7, 0.9}², maximising NDCG@k for rankings or minimising RMSE for ratings.
 * Inputs are plain arrays (MF candidates, the LLM's answers, the held-out truth), so tuning runs
 * the same with any engine: the LLM is asked once per validation user, outside this module,
 * and every grid point re-blends those answers (no extra LLM calls).
 *
 * Grid ties go to the smaller α1, then the smaller α2: a smaller α lets the skip rule
 * (skip-llm.ts) spare more LLM calls at no cost on validation.
 */
import type { NewTunedAlpha } from '../data/serving-store.ts';
import { hitRatioAt, mean, ndcgAt, rmse, mae } from '../eval/metrics.ts';
import { AggregationError } from './aggregate-error.ts';
import { blendRanking, blendRating, type BlendOptions, type MfCandidate } from './blend.ts';
import { ALPHA_GRID, alphaFor, tailRange, validateAlphaParams, type AlphaParams } from './long-tail.ts';

export interface RankingValidationCase {
  /** Dense user index into `counts`. */
  user: number;
  /** MF's top-k' candidates, best first. */
  mf: readonly MfCandidate[];
  /** The LLM's order of the candidates; null if it was not asked or gave nothing usable. */
  llmOrder: readonly number[] | null;
  /** The held-out validation item. */
  target: number;
}

export interface RatingValidationCase {
  user: number;
  mfRating: number;
  llmRating: number | null;
  truth: number;
}

export interface RankingGridRow extends AlphaParams {
  ndcg: number;
  hr: number;
}

export interface RatingGridRow extends AlphaParams {
  rmse: number;
  mae: number;
}

export interface TuneResult<Row extends AlphaParams> {
  best: Row;
  /** Every grid point, α1-major in grid order. */
  table: Row[];
}

export interface TuneRankingOptions {
  /** N(u) for every user (training split); l_max / l_min are taken over all of them. */
  counts: ArrayLike<number>;
  cases: readonly RankingValidationCase[];
  /** The k of NDCG@k (e.g. 5). */
  k: number;
  /** How many candidates the LLM was asked to rank (as in blend.ts); default all. */
  llmPlaces?: number;
  grid?: readonly number[];
}

export interface TuneRatingOptions {
  counts: ArrayLike<number>;
  cases: readonly RatingValidationCase[];
  grid?: readonly number[];
}

function gridPoints(grid: readonly number[]): AlphaParams[] {
  if (grid.length === 0) throw new AggregationError('the α grid is empty; pass values in [0, 1] such as 0.1, 0.3, 0.5, 0.7, 0.9.');
  const points: AlphaParams[] = [];
  for (const alpha1 of grid) {
    for (const alpha2 of grid) {
      validateAlphaParams({ alpha1, alpha2 });
      points.push({ alpha1, alpha2 });
    }
  }
  return points;
}

function checkCases(n: number, what: string, counts: ArrayLike<number>, users: Iterable<number>): void {
  if (n === 0) throw new AggregationError(`no ${what} validation cases; tuning needs at least one user with a validation item.`);
  for (const u of users) {
    if (!Number.isInteger(u) || u < 0 || u >= counts.length) {
      throw new AggregationError(`validation case names user ${u}, but counts cover users 0..${counts.length - 1}; pass N(u) for every user.`);
    }
  }
}

/** 0-based rank of `target` in the blended list; Infinity when it is not among the candidates. */
function blendedRank(c: RankingValidationCase, alpha: number, options: BlendOptions): number {
  const idx = blendRanking(c.mf, c.llmOrder, alpha, options).findIndex((x) => x.item === c.target);
  return idx < 0 ? Number.POSITIVE_INFINITY : idx;
}

export function tuneRanking(options: TuneRankingOptions): TuneResult<RankingGridRow> {
  const { counts, cases, k } = options;
  if (!Number.isInteger(k) || k < 1) throw new AggregationError(`k must be a whole number ≥ 1 (got ${String(k)}).`);
  checkCases(cases.length, 'ranking', counts, cases.map((c) => c.user));
  const range = tailRange(counts);
  const blendOptions: BlendOptions = options.llmPlaces === undefined ? {} : { llmPlaces: options.llmPlaces };
  const table = gridPoints(options.grid ?? ALPHA_GRID).map((params): RankingGridRow => {
    const ndcg = new Float64Array(cases.length);
    const hr = new Float64Array(cases.length);
    cases.forEach((c, i) => {
      const rank = blendedRank(c, alphaFor(counts[c.user]!, range, params), blendOptions);
      ndcg[i] = ndcgAt(rank, k);
      hr[i] = hitRatioAt(rank, k);
    });
    return { ...params, ndcg: mean(ndcg), hr: mean(hr) };
  });
  // Strictly better only: the first (smallest α) of equal rows stays.
  const best = table.reduce((b, r) => (r.ndcg > b.ndcg ? r : b));
  return { best, table };
}

export function tuneRating(options: TuneRatingOptions): TuneResult<RatingGridRow> {
  const { counts, cases } = options;
  checkCases(cases.length, 'rating', counts, cases.map((c) => c.user));
  const range = tailRange(counts);
  const truths = cases.map((c) => c.truth);
  const table = gridPoints(options.grid ?? ALPHA_GRID).map((params): RatingGridRow => {
    const predictions = cases.map((c) => blendRating(c.mfRating, c.llmRating, alphaFor(counts[c.user]!, range, params)).finalScore);
    return { ...params, rmse: rmse(predictions, truths), mae: mae(predictions, truths) };
  });
  const best = table.reduce((b, r) => (r.rmse < b.rmse ? r : b));
  return { best, table };
}

/** The chosen values as the store keeps them (one record per task), so a reload reuses them instead of re-tuning. */
export function rankingRecord(
  result: TuneResult<RankingGridRow>,
  meta: { k: number; kPrime: number; llmPlaces?: number; llmModelId: string; validationUsers: number; grid?: readonly number[]; now?: number },
): NewTunedAlpha {
  return {
    task: 'ranking',
    alpha1: result.best.alpha1,
    alpha2: result.best.alpha2,
    objective: { name: `NDCG@${meta.k}`, value: result.best.ndcg },
    llmModelId: meta.llmModelId,
    kPrime: meta.kPrime,
    llmPlaces: meta.llmPlaces ?? meta.kPrime,
    validationUsers: meta.validationUsers,
    grid: [...(meta.grid ?? ALPHA_GRID)],
    tunedAt: meta.now ?? Date.now(),
  };
}

export function ratingRecord(result: TuneResult<RatingGridRow>, meta: { llmModelId: string; validationUsers: number; grid?: readonly number[]; now?: number }): NewTunedAlpha {
  return {
    task: 'rating',
    alpha1: result.best.alpha1,
    alpha2: result.best.alpha2,
    objective: { name: 'RMSE', value: result.best.rmse },
    llmModelId: meta.llmModelId,
    validationUsers: meta.validationUsers,
    grid: [...(meta.grid ?? ALPHA_GRID)],
    tunedAt: meta.now ?? Date.now(),
  };
}
