/**
 * Any trained model's checkpoint (MF of either kind, LightGCN, SASRec) and its check, for the code
 * that stores, resumes and serves them without caring which model it is. Free of TF.js.
 */
import { RecError } from '../errors.ts';
import { checkLightGcnCheckpoint, type LightGcnCheckpoint } from './lightgcn/lightgcn-checkpoint.ts';
import { checkCheckpoint, type MfCheckpoint, type MfKind } from './mf-checkpoint.ts';
import { checkSasRecCheckpoint, type SasRecCheckpoint } from './sasrec/sasrec-checkpoint.ts';

/** The models the trainer makes: 'mf-bpr' and 'lightgcn' rank, 'mf-rating' predicts ratings, 'sasrec' predicts the next item. */
export type TrainedKind = MfKind | 'lightgcn' | 'sasrec';

export type TrainedCheckpoint = MfCheckpoint | LightGcnCheckpoint | SasRecCheckpoint;

/** The checkpoint formats that are not MF's, with their checks. */
const OWN_FORMATS = {
  'l4r-lightgcn': { kind: 'lightgcn', check: checkLightGcnCheckpoint },
  'l4r-sasrec': { kind: 'sasrec', check: checkSasRecCheckpoint },
} as const satisfies Record<string, { kind: TrainedKind; check: (value: unknown) => TrainedCheckpoint }>;

/** Checks a stored checkpoint (of `kind`, when given) before a model is built from it. */
export function checkTrainedCheckpoint(value: unknown, kind?: TrainedKind): TrainedCheckpoint {
  const format = (value as { format?: unknown } | null)?.format;
  const own = typeof format === 'string' && Object.hasOwn(OWN_FORMATS, format) ? OWN_FORMATS[format as keyof typeof OWN_FORMATS] : null;
  if (own) {
    const c = own.check(value);
    if (kind !== undefined && kind !== own.kind) {
      throw new RecError('CHECKPOINT_INVALID', `The checkpoint holds a ${own.kind} model, not ${kind}; train a ${kind} model.`);
    }
    return c;
  }
  if (kind === 'lightgcn' || kind === 'sasrec') {
    checkCheckpoint(value);
    throw new RecError('CHECKPOINT_INVALID', `The checkpoint holds a ${String((value as { kind?: unknown }).kind)} model, not ${kind}; train a ${kind} model.`);
  }
  return checkCheckpoint(value, kind);
}

/**
 * The shape the automatic backend choice measures for (backend.ts); null for SASRec, whose step
 * the MF-shaped calibration does not describe: 'auto' then takes the backends in their order.
 */
export function calibrationShape(c: TrainedCheckpoint): { rows: number; dim: number; batch: number } | null {
  if (c.kind === 'sasrec') return null;
  return { rows: c.table.rows, dim: c.config.dim, batch: c.config.batchSize };
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
