/**
 * SASRec under the project's protocol (eval/evaluate.ts: leave-one-out by time, full ranking of
 * all items but the user's own, HR/NDCG@k overall and per activity group). The only SASRec-specific
 * part is what the model reads: for the validation item, the training sequence; for the test item,
 * the training sequence followed by the validation item, as the original SASRec evaluation does
 * (the validation item is known by then; evaluate.ts excludes it from the candidates).
 */
import type { InteractionTable, Split } from '../data/types.ts';
import type { SasRec } from '../models/sasrec/sasrec.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import { userSequences } from '../models/sasrec/user-sequences.ts';
import { evaluateRanking, type RankingOptions, type RankingReport } from './evaluate.ts';

/** What sasrecFor needs of the model: its scores, and scores from other sequences. */
export type SequenceModel = ScoringModel & Pick<SasRec, 'withSequences'>;

/** The model as it should be asked about `target`'s items. */
export function sasrecFor(model: SequenceModel, table: InteractionTable, split: Split, target: RankingOptions['target']): ScoringModel {
  if (target === 'validation') return model;
  const rows = new Int32Array(split.train.length + split.validation.length);
  rows.set(split.train);
  rows.set(split.validation, split.train.length);
  return model.withSequences(userSequences(table, rows, model.numUsers));
}

export function evaluateSasRec(model: SasRec, table: InteractionTable, split: Split, options: RankingOptions): Promise<RankingReport> {
  return evaluateRanking(sasrecFor(model, table, split, options.target), table, split, options);
}
