/**
 * An MF model as plain data, and its check. Free of TF.js (type imports only), so the serving
 * side can read a stored checkpoint's facts (its epoch) before anything loads TF.js.
 */
import { RecError } from '../errors.ts';
import type { FactorTableData } from './factor-table.ts';
import type { ItemFeatures } from './item-features.ts';
import type { MfConfig } from './mf-config.ts';

export type MfKind = 'mf-bpr' | 'mf-rating';

/** A trained model as plain data: what IndexedDB stores (a checkpoint record's `model`) and what crosses workers. */
export interface MfCheckpoint {
  format: 'l4r-mf';
  version: 1;
  kind: MfKind;
  config: MfConfig;
  numUsers: number;
  numItems: number;
  /** Adam steps taken (bias correction continues from here on resume). */
  step: number;
  /** Epochs completed. */
  epoch: number;
  /** State of the sampling generator, so a resumed run draws what an uninterrupted one would. */
  rngState: number;
  /** Users' rows 0..numUsers-1, then items' rows, then (feature-aware biased MF) attribute rows. */
  table: FactorTableData;
  /** Biased MF: mean training rating (the global bias). 0 for BPR. */
  globalMean: number;
  /** Feature-aware biased MF: the attribute vocabulary and each item's attributes. Absent: none. */
  itemFeatures?: ItemFeatures;
}

/** Checks a stored checkpoint before a model is built from it. */
export function checkCheckpoint(value: unknown, kind?: MfKind): MfCheckpoint {
  const c = value as Partial<MfCheckpoint> | null;
  if (!c || c.format !== 'l4r-mf' || c.version !== 1 || !c.table || !c.config) {
    throw new RecError('CHECKPOINT_INVALID', 'The stored checkpoint is not an MF model of this version; train the model again.');
  }
  if (kind && c.kind !== kind) {
    throw new RecError('CHECKPOINT_INVALID', `The checkpoint holds a ${c.kind} model, not ${kind}; train a ${kind} model.`);
  }
  return c as MfCheckpoint;
}
