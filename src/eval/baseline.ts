import type { InteractionTable, Split } from '../data/types.ts';
import { PopularityModel } from '../models/popularity-model.ts';
import type { LongWorkOptions } from '../progress.ts';
import { evaluateRanking, evaluateRating, type RankingReport, type RatingReport } from './evaluate.ts';
import type { EvalTarget } from './targets.ts';

export interface BaselineOptions extends LongWorkOptions {
  target: EvalTarget;
  ks?: readonly number[];
  groupCount?: number;
}

export interface BaselineReports {
  ranking: RankingReport;
  /** null when the training rows carry no ratings (implicit feedback). */
  rating: RatingReport | null;
}

/**
 * The popularity baseline reported beside every model: fitted on the training split, evaluated
 * with the same protocol (ranking by training-interaction count; ratings by item mean).
 */
export async function evaluatePopularity(
  table: InteractionTable,
  split: Split,
  dims: { numUsers: number; numItems: number },
  options: BaselineOptions,
): Promise<BaselineReports> {
  const ranker = PopularityModel.fit(table, split.train, { ...dims, task: 'ranking' });
  const ranking = await evaluateRanking(ranker, table, split, options);
  if (!hasRating(table, split.train) || !hasRating(table, split[options.target])) return { ranking, rating: null };
  const rater = PopularityModel.fit(table, split.train, { ...dims, task: 'rating' });
  const rating = await evaluateRating(rater, table, split, options);
  return { ranking, rating };
}

function hasRating(table: InteractionTable, rows: Int32Array): boolean {
  for (let k = 0; k < rows.length; k++) if (!Number.isNaN(table.rating[rows[k]!]!)) return true;
  return false;
}
