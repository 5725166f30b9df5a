/**
 * Any trained model's checkpoint (MF of either kind, LightGCN) and its check, for the code that
 * stores, resumes and serves them without caring which model it is. Free of TF.js.
 */
import { RecError } from '../errors.ts';
import { checkLightGcnCheckpoint, type LightGcnCheckpoint } from './lightgcn/lightgcn-checkpoint.ts';
import { checkCheckpoint, type MfCheckpoint, type MfKind } from './mf-checkpoint.ts';

/** The models the trainer makes: 'mf-bpr' and 'lightgcn' rank, 'mf-rating' predicts ratings. */
export type TrainedKind = MfKind | 'lightgcn';

export type TrainedCheckpoint = MfCheckpoint | LightGcnCheckpoint;

/** Checks a stored checkpoint (of `kind`, when given) before a model is built from it. */
export function checkTrainedCheckpoint(value: unknown, kind?: TrainedKind): TrainedCheckpoint {
  const format = (value as { format?: unknown } | null)?.format;
  if (format === 'l4r-lightgcn') {
    const c = checkLightGcnCheckpoint(value);
    if (kind !== undefined && kind !== 'lightgcn') {
      throw new RecError('CHECKPOINT_INVALID', `The checkpoint holds a lightgcn model, not ${kind}; train a ${kind} model.`);
    }
    return c;
  }
  if (kind === 'lightgcn') {
    checkCheckpoint(value);
    throw new RecError('CHECKPOINT_INVALID', `The checkpoint holds a ${String((value as { kind?: unknown }).kind)} model, not lightgcn; train a lightgcn model.`);
  }
  return checkCheckpoint(value, kind);
}

/** The ranking task's conventional model ("backbone" in the paper's tables): BPR-MF or LightGCN. */
export type RankingBackbone = 'mf' | 'lightgcn';

export const RANKING_BACKBONES: readonly RankingBackbone[] = ['mf', 'lightgcn'];

export function isRankingBackbone(value: unknown): value is RankingBackbone {
  return (RANKING_BACKBONES as readonly unknown[]).includes(value);
}

/** The trained kind that ranks for `backbone`. */
export function rankingKind(backbone: RankingBackbone): 'mf-bpr' | 'lightgcn' {
  return backbone === 'lightgcn' ? 'lightgcn' : 'mf-bpr';
}
