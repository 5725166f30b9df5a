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
