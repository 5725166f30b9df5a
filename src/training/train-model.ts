/**
 * One trainer call for every model the store trains: BPR-MF and biased MF (train-mf.ts) or
 * LightGCN (train-lightgcn.ts), picked by kind, and the matching load of a stored checkpoint.
 * trainFromStore (the training worker, the loop on this thread) goes through here, so a backbone
 * is a request field, not a second session.
 */
import type { InteractionTable, Split } from '../data/types.ts';
import type { ItemFeatures } from '../models/item-features.ts';
import type { LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import type { MfConfig } from '../models/mf-config.ts';
import type { StepInfo } from '../models/step-info.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import { LightGcn } from '../models/lightgcn/lightgcn.ts';
import { BprMf } from '../models/mf-bpr.ts';
import { RatingMf } from '../models/mf-rating.ts';
import type { TrainedCheckpoint, TrainedKind } from '../models/trained-checkpoint.ts';
import type { FitResult } from './fit.ts';
import { trainLightGcn } from './train-lightgcn.ts';
import { trainMf } from './train-mf.ts';
import type { TrainerOptions } from './trainer-options.ts';

/** What the trainer hands back: a model that scores and can be stored. */
export interface TrainedModel extends ScoringModel {
  readonly epochsDone: number;
  /** Its hyper-parameters (LightGCN's include `layers`). */
  readonly config: MfConfig;
  /** How the last training step ran (the SIMD kernel, the JS reference, tensor ops) and why; null before one. */
  readonly lastStep: StepInfo | null;
  toCheckpoint(): Promise<TrainedCheckpoint>;
}

export interface TrainModelOptions extends TrainerOptions<TrainedModel> {
  kind: TrainedKind;
  /** MF's hyper-parameters; `layers` is LightGCN's (ignored by MF). */
  config?: Partial<LightGcnConfig>;
  /** LightGCN: epochs between validations (MF validates every epoch). */
  validateEvery?: number;
  /** Rating model: the item attributes it composes items with. */
  itemFeatures?: ItemFeatures;
}

export async function trainModel(
  table: InteractionTable,
  split: Split,
  dims: { numUsers: number; numItems: number },
  options: TrainModelOptions,
): Promise<{ model: TrainedModel; result: FitResult; validationMetric: string }> {
  const { kind, config = {}, itemFeatures, validateEvery, ...rest } = options;
  if (kind === 'lightgcn') {
    return trainLightGcn(table, split, dims, { ...rest, config, ...(validateEvery === undefined ? {} : { validateEvery }) });
  }
  const { layers: _layers, ...mf } = config;
  return trainMf(table, split, dims, { ...rest, kind, config: mf, ...(itemFeatures ? { itemFeatures } : {}) });
}

/** The model a checked checkpoint holds (TF.js must be active). */
export function modelFromCheckpoint(c: TrainedCheckpoint): TrainedModel {
  if (c.kind === 'lightgcn') return LightGcn.fromCheckpoint(c);
  return c.kind === 'mf-bpr' ? BprMf.fromCheckpoint(c) : RatingMf.fromCheckpoint(c);
}
