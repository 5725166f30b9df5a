/**
 * α1, α2 for one run of an experiment, grid-searched on validation answers (PAPER.md §5) with
 * the tuners of src/aggregate/tune.ts: rankings maximise NDCG@k, ratings minimise RMSE.
 * 'uniform' is the paper's "uniform weights" ablation: one α for every user, searched over the
 * same grid. It is α_u = α1·max(tail_u, α2) with α2 = 1 (max(tail, 1) = 1 for every tail in [0, 1]).
 */
import { tuneRanking, tuneRating, type RankingValidationCase, type RatingValidationCase } from '../aggregate/tune.ts';
import { ALPHA_GRID, type AlphaParams } from '../aggregate/long-tail.ts';
import type { ChosenAlpha } from './experiment-types.ts';

export type AlphaMode = 'adaptive' | 'uniform';

interface Common {
  /** N(u) for every user (training split). */
  counts: ArrayLike<number>;
  mode?: AlphaMode;
  grid?: readonly number[];
  /** No search: the objective at these values ('uniform': α1 for every user). */
  fixed?: AlphaParams;
}

export type AlphaSearch =
  | (Common & { task: 'ranking'; cases: readonly RankingValidationCase[]; k: number; llmPlaces?: number })
  | (Common & { task: 'rating'; cases: readonly RatingValidationCase[] });

export function chooseAlpha(search: AlphaSearch): ChosenAlpha {
  const mode = search.mode ?? 'adaptive';
  // Uniform: α2 = 1 pins every user's α_u to α1; the other α2 values are searched but not chosen.
  const point = search.fixed && (mode === 'uniform' ? { alpha1: search.fixed.alpha1, alpha2: 1 } : search.fixed);
  const grid = point ? [...new Set([point.alpha1, point.alpha2])] : (search.grid ?? ALPHA_GRID);
  const searched = mode === 'uniform' && !point ? [...grid, 1] : grid;
  const allowed = (alpha1: number, alpha2: number) =>
    point ? alpha1 === point.alpha1 && alpha2 === point.alpha2 : mode === 'uniform' ? alpha2 === 1 && grid.includes(alpha1) : true;
  if (search.task === 'ranking') {
    const { table } = tuneRanking({ counts: search.counts, cases: search.cases, k: search.k, grid: searched, ...(search.llmPlaces ? { llmPlaces: search.llmPlaces } : {}) });
    // Strictly better only, in grid order: ties keep the smaller α (as tune.ts does).
    const best = table.filter((r) => allowed(r.alpha1, r.alpha2)).reduce((b, r) => (r.ndcg > b.ndcg ? r : b));
    return { alpha1: best.alpha1, alpha2: best.alpha2, objective: { name: `NDCG@${search.k}`, value: best.ndcg } };
  }
  const { table } = tuneRating({ counts: search.counts, cases: search.cases, grid: searched });
  const best = table.filter((r) => allowed(r.alpha1, r.alpha2)).reduce((b, r) => (r.rmse < b.rmse ? r : b));
  return { alpha1: best.alpha1, alpha2: best.alpha2, objective: { name: 'RMSE', value: best.rmse } };
}
