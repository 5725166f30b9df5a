/**
 * One trainer call for every model the store trains: BPR-MF and biased MF (train-mf.ts),
 * LightGCN (train-lightgcn.ts) or SASRec (train-sasrec.ts), picked by kind, and the matching load
 * of a stored checkpoint.
 * trainFromStore (the training worker, the loop on this thread) goes through here, so a backbone
 * is a request field, not a second session. Each model's code is imported when its kind is asked
 * for: an app that serves MF never downloads LightGCN or SASRec (and their kernels).
 */
import type { InteractionTable, Split } from '../data/types.ts';
import type { ItemFeatures } from '../models/item-features.ts';
import type { LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import type { StepInfo } from '../models/step-info.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { SasRecConfig } from '../models/sasrec/sasrec-config.ts';
import type { UserSequences } from '../models/sasrec/user-sequences.ts';
import type { TrainedCheckpoint, TrainedKind } from '../models/trained-checkpoint.ts';
import type { FitResult } from './fit.ts';
import type { TrainerOptions } from './trainer-options.ts';

/** Any model's hyper-parameters: MF's, LightGCN's (`layers` too) or SASRec's, read by the kind's trainer. */
export type ModelConfig = Partial<LightGcnConfig> | Partial<SasRecConfig>;

/** What the trainer hands back: a model that scores and can be stored. */
export interface TrainedModel extends ScoringModel {
  readonly epochsDone: number;
  /** Its hyper-parameters (LightGCN's include `layers`; SASRec's are its own). */
  readonly config: { readonly dim: number; readonly batchSize: number; readonly seed: number };
  /** How the last training step ran (the SIMD kernel, the JS reference, tensor ops) and why; null before one. */
  readonly lastStep: StepInfo | null;
  toCheckpoint(): Promise<TrainedCheckpoint>;
}

export interface TrainModelOptions extends TrainerOptions<TrainedModel> {
  kind: TrainedKind;
  /** The kind's hyper-parameters (MF's; `layers` is LightGCN's; SASRec's own). */
  config?: ModelConfig;
  /** LightGCN, SASRec: epochs between validations (MF validates every epoch). */
  validateEvery?: number;
  /** SASRec: the sequences to train on instead of the split's (the LLM's picks inserted, augment/sequence-insertion.ts). */
  trainingSequences?: UserSequences;
  /** Rating model: the item attributes it composes items with. */
  itemFeatures?: ItemFeatures;
}

export async function trainModel(
  table: InteractionTable,
  split: Split,
  dims: { numUsers: number; numItems: number },
  options: TrainModelOptions,
): Promise<{ model: TrainedModel; result: FitResult; validationMetric: string }> {
  const { kind, config = {}, itemFeatures, validateEvery, trainingSequences, ...rest } = options;
  const every = validateEvery === undefined ? {} : { validateEvery };
  if (kind === 'sasrec') {
    const { extraTriples: _triples, ...sasrec } = rest;
    const { trainSasRec } = await import('./train-sasrec.ts');
    return trainSasRec(table, split, dims, { ...sasrec, config: config as Partial<SasRecConfig>, ...every, ...(trainingSequences ? { trainingSequences } : {}) });
  }
  if (kind === 'lightgcn') {
    const { trainLightGcn } = await import('./train-lightgcn.ts');
    return trainLightGcn(table, split, dims, { ...rest, config: config as Partial<LightGcnConfig>, ...every });
  }
  const { layers: _layers, ...mf } = config as Partial<LightGcnConfig>;
  const { trainMf } = await import('./train-mf.ts');
  return trainMf(table, split, dims, { ...rest, kind, config: mf, ...(itemFeatures ? { itemFeatures } : {}) });
}

/** The model a checked checkpoint holds (TF.js must be active). */
export async function modelFromCheckpoint(c: TrainedCheckpoint): Promise<TrainedModel> {
  if (c.kind === 'lightgcn') return (await import('../models/lightgcn/lightgcn.ts')).LightGcn.fromCheckpoint(c);
  if (c.kind === 'sasrec') return (await import('../models/sasrec/sasrec.ts')).SasRec.fromCheckpoint(c);
  if (c.kind === 'mf-bpr') return (await import('../models/mf-bpr.ts')).BprMf.fromCheckpoint(c);
  return (await import('../models/mf-rating.ts')).RatingMf.fromCheckpoint(c);
}
