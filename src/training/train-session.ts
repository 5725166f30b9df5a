/**
 * Training against the store: load the dataset (and augmented pairs) from IndexedDB, resume from
 * the stored checkpoint when there is one, train with early stopping, save a checkpoint after
 * every epoch. The training worker is a thin Comlink shell around this, and the browser test
 * drives it directly. Every model kind goes through here (train-model.ts picks the trainer):
 * the ranking backbones read the 'pair' answers of augmentation as extra triples, SASRec the
 * 'sequential' ones as items inserted into its training sequences (augment/sequence-insertion.ts).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { DatasetBoundStore } from '../data/bound-store.ts';
import type { CheckpointShelf, FitState } from '../data/db.ts';
import { insertLlmPicks } from '../augment/sequence-insertion.ts';
import { triplesFromRecords } from './augmented-triples.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { activateBackend, type BackendChoice, type BackendRequest } from '../models/backend.ts';
import type { Triples } from '../models/bpr-sampler.ts';
import { DEFAULT_ATTRIBUTE_MODE, itemFeatures, noFeatures, sameItemFeatures, type AttributeMode } from '../models/item-features.ts';
import type { LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import type { MfCheckpoint } from '../models/mf-checkpoint.ts';
import { sasrecConfig, type SasRecConfig } from '../models/sasrec/sasrec-config.ts';
import type { SasRecCheckpoint } from '../models/sasrec/sasrec-checkpoint.ts';
import { userSequences, type UserSequences } from '../models/sasrec/user-sequences.ts';
import { calibrationShape, checkTrainedCheckpoint, type TrainedKind } from '../models/trained-checkpoint.ts';
import { modelFromCheckpoint, trainModel, type ModelConfig, type TrainedModel } from './train-model.ts';
import { RANKING_VALIDATION_METRIC, RATING_VALIDATION_METRIC } from './train-mf.ts';
import { lightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import { MODEL_DEFAULTS, mfConfig } from '../models/mf-config.ts';

export interface TrainRequest {
  /** 'mf-bpr' or 'lightgcn' (ranking backbones), 'mf-rating' (biased MF), 'sasrec' (the next item). */
  kind: TrainedKind;
  /** Hyper-parameters of the kind: MF's (`layers` is LightGCN's) or SASRec's. */
  config?: ModelConfig;
  /** Total epochs (a resumed run counts those already done). */
  epochs: number;
  patience?: number;
  /** LightGCN, SASRec: epochs between validations (patience counts validations). MF validates every epoch. */
  validateEvery?: number;
  /** Checkpoint name in the store (default: the kind). */
  checkpointName?: string;
  /**
   * Train on the staging shelf: a run that will replace a served checkpoint works there, and
   * the caller promotes it once it has finished (staged-training.ts). Default false.
   */
  staging?: boolean;
  /** Continue from the stored checkpoint if it fits this dataset (default true). */
  resume?: boolean;
  /**
   * Train on D ∪ D_aug (default false, D alone): BPR-MF and LightGCN add the stored 'pair' answers
   * to every epoch; SASRec trains on sequences with the 'sequential' answers' items inserted.
   */
  useAugmented?: boolean;
  /**
   * Rating (mf-rating): which item attributes from the store the model composes items with
   * (item-features.ts; default 'dataset': genres and dataset-provided attributes). 'dataset+llm'
   * adds the values `augmentAttributes` filled in. A stored checkpoint built on other attributes
   * is not resumed. Ignored by mf-bpr.
   */
  attributes?: AttributeMode;
  /** Read the loss back every this many batches for progress (default 0: once per epoch). */
  reportEvery?: number;
  /**
   * The fingerprint of the dataset the caller means (its `meta.fingerprint`): the training worker
   * binds the store to it, so a run never reads or writes another dataset (DATASET_MISMATCH).
   */
  datasetFingerprint?: string;
  /**
   * The TF.js backend to train on: 'auto' (default; the fastest for this dataset's shape, measured
   * where a WebGPU adapter exists: backend.ts) or exactly one, e.g. 'webgpu' on SwiftShader (BACKEND_UNAVAILABLE
   * with the reason if it cannot start).
   */
  backend?: BackendRequest;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss (per batch report when `reportEvery` is set, else per epoch). */
  loss?: number;
  samplesPerSecond?: number;
  /** Validation metric after the epoch (NDCG@10, or −RMSE for ratings). */
  validation?: number;
}

export interface TrainOutcome {
  backend: BackendChoice;
  resumedFromEpoch: number;
  epochsRun: number;
  epochsDone: number;
  bestEpoch: number;
  bestValidation: number;
  validationMetric: string;
  stoppedEarly: boolean;
  trainSeconds: number;
  /**
   * LLM-augmented (u, i+, i−) triples each epoch trained on besides the dataset's; for SASRec the
   * items inserted into its training sequences (0: none, or a rating model).
   */
  augmentedTriples: number;
  /** How the last training step ran ('wasm-simd', 'js-in-place', 'tensor-ops'); absent when nothing was trained. */
  step?: string;
  /** Rating model: the item attributes it used (mode and how many distinct values). */
  attributes?: { mode: AttributeMode; values: number };
}

/**
 * A store bound to the dataset to train on (bound-store.ts): each checkpoint is written with that
 * dataset's fingerprint, in a transaction that re-checks the store still holds it, so a run whose
 * dataset was replaced meanwhile (another tab imported) ends with DATASET_MISMATCH instead of
 * saving its model into the new data.
 */
export type TrainStore = Pick<DatasetBoundStore, 'datasetFingerprint' | 'loadDataset' | 'getCheckpoint' | 'putCheckpoint' | 'listAugmentedPairs'>;

export async function trainFromStore(
  store: TrainStore,
  request: TrainRequest,
  options: { signal?: AbortSignal; onProgress?: (progress: TrainProgress) => void } = {},
): Promise<TrainOutcome> {
  // A named backend is refused before anything else happens; 'auto' measures for this model's shape, so it waits for the dataset.
  const named = request.backend !== undefined && request.backend !== 'auto' ? await activateBackend(request.backend) : null;
  const dataset = await store.loadDataset();
  const table = dataset.interactions;
  const split = leaveOneOutByTime(table);
  const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };
  const name = request.checkpointName ?? request.kind;
  const shelf: CheckpointShelf = request.staging === true ? 'staging' : 'checkpoints';
  const features = request.kind === 'mf-rating' ? itemFeatures(dataset.items, request.attributes ?? DEFAULT_ATTRIBUTE_MODE) : undefined;
  const sasrec = request.kind === 'sasrec' ? sasrecConfig(request.config as Partial<SasRecConfig>) : null;
  const config = sasrec ?? (request.kind === 'lightgcn' ? lightGcnConfig(request.config as Partial<LightGcnConfig>) : mfConfig(request.config as Partial<LightGcnConfig>, MODEL_DEFAULTS[request.kind as 'mf-bpr' | 'mf-rating']));
  const rows = dims.numUsers + dims.numItems + (features?.vocabulary.length ?? 0);
  // SASRec's step is not the MF step the automatic choice measures: 'auto' takes the backends in order for it.
  const backend = named ?? (await activateBackend('auto', sasrec ? {} : { shape: { rows, dim: config.dim, batch: config.batchSize } }));
  const attributes = features && { mode: features.mode, values: features.vocabulary.length };

  let extraTriples: Triples | undefined;
  let trainingSequences: UserSequences | undefined;
  let insertedItems = 0;
  if (request.kind !== 'mf-rating' && (request.useAugmented ?? DEFAULT_CONFIG.training.useAugmented)) {
    if (sasrec) {
      const picks = await store.listAugmentedPairs({ kind: 'sequential' });
      if (picks.length > 0) {
        const augmented = insertLlmPicks(userSequences(table, split.train, dims.numUsers), picks, { seed: sasrec.seed });
        trainingSequences = augmented.sequences;
        insertedItems = augmented.insertions.length;
      }
    } else {
      const pairs = await store.listAugmentedPairs({ kind: 'pair' });
      if (pairs.length > 0) extraTriples = triplesFromRecords(pairs);
    }
  }
  const augmentedTriples = extraTriples?.user.length ?? insertedItems;

  let resumeFrom: { checkpoint: unknown; state: FitState } | undefined;
  if (request.resume ?? true) {
    const stored = await store.getCheckpoint(name, shelf);
    if (stored) {
      const c = checkTrainedCheckpoint(stored.model, request.kind);
      const fits =
        c.numUsers === dims.numUsers &&
        c.numItems === dims.numItems &&
        stored.trainRows === split.train.length &&
        stored.augmentedTriples === augmentedTriples &&
        (!features || sameItemFeatures((c as MfCheckpoint).itemFeatures ?? noFeatures(c.numItems), features)) &&
        // A SASRec run under other settings (windows, negatives, …) starts afresh rather than mixing two.
        (!sasrec || sameSasRecConfig((c as SasRecCheckpoint).config, sasrec));
      if (fits && stored.finished) {
        return {
          backend,
          resumedFromEpoch: c.epoch,
          epochsRun: 0,
          epochsDone: c.epoch,
          bestEpoch: stored.fit.bestEpoch,
          bestValidation: stored.fit.bestValidation,
          validationMetric: request.kind === 'mf-rating' ? RATING_VALIDATION_METRIC : RANKING_VALIDATION_METRIC,
          stoppedEarly: false,
          trainSeconds: 0,
          augmentedTriples,
          ...(attributes ? { attributes } : {}),
        };
      }
      if (fits) resumeFrom = { checkpoint: c, state: stored.fit };
    }
  }

  const resumedFromEpoch = resumeFrom ? (resumeFrom.checkpoint as { epoch: number }).epoch : 0;
  const { model, result, validationMetric } = await trainModel(table, split, dims, {
    kind: request.kind,
    config: request.config,
    epochs: request.epochs,
    patience: request.patience,
    ...(request.validateEvery === undefined ? {} : { validateEvery: request.validateEvery }),
    extraTriples,
    ...(trainingSequences ? { trainingSequences } : {}),
    ...(features ? { itemFeatures: features } : {}),
    resumeFrom,
    signal: options.signal,
    reportEvery: request.reportEvery,
    onBatch: (b) => options.onProgress?.({ epoch: b.epoch, epochs: request.epochs, batch: b.batch, batches: b.batches, loss: b.loss }),
    onEpoch: async (report, state, m) => {
      await store.putCheckpoint({ name, model: await m.toCheckpoint(), fit: state, trainRows: split.train.length, finished: false, augmentedTriples }, shelf);
      options.onProgress?.({
        epoch: report.epoch,
        epochs: request.epochs,
        batch: report.batches,
        batches: report.batches,
        loss: report.loss,
        samplesPerSecond: report.samplesPerSecond,
        validation: report.validation,
      });
    },
  });
  try {
    // The final (best, after early stopping) state, marked finished so a reload serves it as is.
    const state: FitState = { bestEpoch: result.bestEpoch, bestValidation: result.bestValidation, sinceBest: 0 };
    await store.putCheckpoint({ name, model: await model.toCheckpoint(), fit: state, trainRows: split.train.length, finished: true, augmentedTriples }, shelf);
    const step = model.lastStep?.path;
    return {
      backend,
      resumedFromEpoch,
      // Epochs, not validation rounds: LightGCN's rounds are several epochs each.
      epochsRun: (result.history.at(-1)?.epoch ?? resumedFromEpoch) - resumedFromEpoch,
      epochsDone: model.epochsDone,
      bestEpoch: result.bestEpoch,
      bestValidation: result.bestValidation,
      validationMetric,
      stoppedEarly: result.stoppedEarly,
      trainSeconds: result.trainSeconds,
      augmentedTriples,
      ...(attributes ? { attributes } : {}),
      ...(step ? { step } : {}),
    };
  } finally {
    model.dispose();
  }
}

function sameSasRecConfig(a: SasRecConfig, b: SasRecConfig): boolean {
  return (Object.keys(b) as (keyof SasRecConfig)[]).every((key) => a[key] === b[key]);
}

/** The trained model stored under `name`, ready to score on `backend` (default 'auto'); null if there is none. */
export async function loadTrainedModel(
  store: Pick<DatasetBoundStore, 'getCheckpoint'>,
  name: string,
  backend: BackendRequest = 'auto',
): Promise<TrainedModel | null> {
  const record = await store.getCheckpoint(name);
  if (!record) return null;
  const c = checkTrainedCheckpoint(record.model);
  // The model's own shape: the same calibration the training run measured (or remembered) is reused.
  const shape = calibrationShape(c);
  await activateBackend(backend, shape ? { shape } : {});
  return modelFromCheckpoint(c);
}
