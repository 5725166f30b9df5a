/**
 * Training one task's model so that it serves: the run's request from the caller's options, the
 * checkpoint it trains into (checkpoint-names.ts), and its life cycle around the run:
 *
 * A finished checkpoint may be serving: no run overwrites it until the run has finished. The run
 * works on the staging shelf (a fresh run from nothing; any other continues an interrupted staged
 * run, or starts from a copy of the served one, so a compatible model is still served as is) and
 * the staged checkpoint replaces the served one in one transaction at the end. A cancel or a
 * failure leaves the served model as it was and drops the staged run; a reload or a closed tab
 * leaves both, and the next run that is not fresh continues the staged run from its last epoch.
 * An unfinished checkpoint serves nothing and is trained in place. Then the task's active-model
 * record names the new checkpoint.
 *
 * The store is bound to one dataset (bound-store.ts): every write of the run re-checks that the
 * store still holds it, so a run whose dataset was replaced ends with DATASET_MISMATCH.
 *
 * Where the run happens is the caller's `TrainRunner`: the training worker (the public API in a
 * page) or this thread (trainFromStore; Node, the loop evaluation).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { DatasetBoundStore } from '../data/bound-store.ts';
import type { RecTask } from '../data/types.ts';
import { RecError } from '../errors.ts';
import type { BackendRequest } from '../models/backend-request.ts';
import type { AttributeMode } from '../models/item-features.ts';
import type { LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import type { MfConfig } from '../models/mf-config.ts';
import type { SasRecConfig } from '../models/sasrec/sasrec-config.ts';
import { rankingKind, type RankingBackbone, type TrainedKind } from '../models/trained-checkpoint.ts';
import type { LongWorkOptions } from '../progress.ts';
import { augmentationKind, checkpointName } from './checkpoint-names.ts';
import type { ServingModels } from './serving-models.ts';
import type { TrainOutcome, TrainProgress, TrainRequest } from './train-session.ts';

/** How MF trains, for every run of a recommender (its `mf` option). */
export interface MfOptions extends Partial<MfConfig> {
  /** Maximum epochs (default 30). */
  epochs?: number;
  /** Early stopping after this many epochs without validation gain (default 5). */
  patience?: number;
  /**
   * The TF.js backend MF trains and scores on: 'auto' (default: the fastest here, measured where a
   * WebGPU adapter exists and remembered per device, see models/webgpu/backend-calibration.ts) or exactly one of
   * 'webgpu', 'webgl', 'wasm', 'cpu' (training rejects with BACKEND_UNAVAILABLE if it cannot start).
   */
  backend?: BackendRequest;
}

/** How LightGCN trains when it is the ranking backbone (its TF.js backend is `mf.backend`). */
export interface LightGcnOptions extends Partial<LightGcnConfig> {
  /** Maximum epochs (default DEFAULT_CONFIG.lightgcn.epochs). */
  epochs?: number;
  /** Validations without gain before stopping (default DEFAULT_CONFIG.lightgcn.patience). */
  patience?: number;
  /** Epochs between validations (default DEFAULT_CONFIG.lightgcn.validateEvery). */
  validateEvery?: number;
}

/** How SASRec trains for the 'next' task (its TF.js backend is `mf.backend`). */
export interface SasRecOptions extends Partial<SasRecConfig> {
  /** Maximum epochs (default DEFAULT_CONFIG.sasrec.epochs). */
  epochs?: number;
  /** Validations without gain before stopping (default DEFAULT_CONFIG.sasrec.patience). */
  patience?: number;
  /** Epochs between validations (default DEFAULT_CONFIG.sasrec.validateEvery). */
  validateEvery?: number;
}

/** Which model ranks, and how each model trains: a recommender's (and the loop's) training settings. */
export interface TrainingSettings {
  /** The ranking task's model: 'mf' (BPR-MF, default) or 'lightgcn'. The rating task always uses biased MF, 'next' SASRec. */
  backbone?: RankingBackbone;
  mf: MfOptions;
  lightgcn?: LightGcnOptions;
  sasrec?: SasRecOptions;
}

/** One training call. */
export interface TrainOptions extends Omit<LongWorkOptions, 'onProgress'> {
  /** 'ranking' (the backbone: BPR-MF or LightGCN; default), 'next' (SASRec) or 'rating' (biased MF). */
  task?: RecTask;
  /**
   * Train on D ∪ D_aug. Ranking: with the stored 'pair' answers of `augment()`; next: SASRec on
   * sequences with the 'sequential' answers' items inserted. Default false.
   */
  useAugmented?: boolean;
  /**
   * Rating: the item attributes the biased MF composes items with — 'none', 'dataset' (genres;
   * the default) or 'dataset+llm' (also what `augmentAttributes` filled in). A stored model built
   * on other attributes is retrained, not served.
   */
  attributes?: AttributeMode;
  /**
   * Start from scratch. By default a run continues the stored checkpoint of the same variant:
   * an interrupted run (also one that was retraining a served model) resumes from its last
   * committed epoch, a finished one is served as is (epochsRun 0).
   */
  fresh?: boolean;
  onProgress?: (progress: TrainProgress) => void;
  /** Also report the running loss every this many batches (default: once per epoch, with the validation metric). */
  reportEvery?: number;
  /**
   * Called when the run has to wait before it starts: another job or an import holds the store
   * (in this tab or another; one writer per origin, src/data/writer-lock.ts).
   */
  onWaiting?: () => void;
}

export interface TrainReport extends TrainOutcome {
  task: RecTask;
  checkpoint: string;
  useAugmented: boolean;
  /** Augmented pairs added to every epoch (0 unless `useAugmented`). */
  augmentedPairs: number;
  /** Batches per epoch seen in progress reports (D's triples plus the augmented ones); null when nothing was trained. */
  batchesPerEpoch: number | null;
}

/** Runs one training request against the store: in the training worker, or on this thread. */
export type TrainRunner = (request: TrainRequest, options: { signal?: AbortSignal; onProgress: (progress: TrainProgress) => void }) => Promise<TrainOutcome>;

export type TrainTaskStore = Pick<DatasetBoundStore, 'datasetFingerprint' | 'countAugmentedPairs' | 'getCheckpoint' | 'putCheckpoint' | 'deleteCheckpoint' | 'promoteStaged'>;

export async function trainTask(store: TrainTaskStore, models: ServingModels, settings: TrainingSettings, train: TrainOptions, run: TrainRunner): Promise<TrainReport> {
  const task = train.task ?? 'ranking';
  const backbone = settings.backbone ?? 'mf';
  const records = augmentationKind(task);
  const useAugmented = records !== null && (train.useAugmented ?? DEFAULT_CONFIG.training.useAugmented);
  const augmentedPairs = useAugmented ? await store.countAugmentedPairs(records) : 0;
  const checkpoint = checkpointName(task, augmentedPairs, backbone);
  const kind = taskKind(task, backbone);
  const { backend } = settings.mf;
  const schedule =
    kind === 'sasrec' ? validatedSchedule(settings.sasrec ?? {}, DEFAULT_CONFIG.sasrec) : kind === 'lightgcn' ? validatedSchedule(settings.lightgcn ?? {}, DEFAULT_CONFIG.lightgcn) : mfSchedule(settings.mf);
  const existing = await store.getCheckpoint(checkpoint);
  const staging = existing?.finished === true;
  if (staging) {
    if (train.fresh === true) await store.deleteCheckpoint(checkpoint, 'staging');
    else if ((await store.getCheckpoint(checkpoint, 'staging'))?.finished !== false) await store.putCheckpoint(existing, 'staging');
    // else: a staged run was interrupted (a reload, a cancel): it continues where it got to.
  }
  const request: TrainRequest = {
    kind,
    ...schedule,
    checkpointName: checkpoint,
    staging,
    datasetFingerprint: store.datasetFingerprint,
    useAugmented,
    resume: train.fresh !== true,
    ...(backend === undefined ? {} : { backend }),
    ...(task === 'rating' && train.attributes !== undefined ? { attributes: train.attributes } : {}),
    ...(train.reportEvery === undefined ? {} : { reportEvery: train.reportEvery }),
  };
  let batchesPerEpoch: number | null = null;
  const onProgress = (p: TrainProgress) => {
    batchesPerEpoch = p.batches;
    train.onProgress?.(p);
  };
  let outcome: TrainOutcome;
  try {
    outcome = await run(request, { ...(train.signal ? { signal: train.signal } : {}), onProgress });
  } catch (error) {
    if (staging) await store.deleteCheckpoint(checkpoint, 'staging').catch(() => undefined);
    throw error;
  }
  if (staging && outcome.epochsRun === 0 && train.fresh !== true) {
    // The served model was served as is: its copy goes, its record keeps its time.
    await store.deleteCheckpoint(checkpoint, 'staging');
  } else if (staging && !(await store.promoteStaged(checkpoint))) {
    throw new RecError('CHECKPOINT_INVALID', `The trained model "${checkpoint}" vanished from the store before it could serve; train again.`);
  }
  await models.setActive(task, checkpoint, augmentedPairs);
  return { ...outcome, task, checkpoint, useAugmented, augmentedPairs, batchesPerEpoch };
}

type Schedule = Pick<TrainRequest, 'config' | 'epochs' | 'patience' | 'validateEvery'>;

function mfSchedule(mf: MfOptions): Schedule {
  const { epochs = DEFAULT_CONFIG.training.epochs, patience = DEFAULT_CONFIG.training.patience, backend: _backend, ...config } = mf;
  return { config, epochs, patience };
}

/** LightGCN's and SASRec's schedule: they validate every few epochs, patience counting validations. */
function validatedSchedule(options: LightGcnOptions | SasRecOptions, defaults: { epochs: number; patience: number; validateEvery: number }): Schedule {
  const { epochs = defaults.epochs, patience = defaults.patience, validateEvery = defaults.validateEvery, ...config } = options;
  return { config, epochs, patience, validateEvery };
}

/** The model a task trains: the ranking backbone, SASRec for 'next', biased MF for ratings. */
export function taskKind(task: RecTask, backbone: RankingBackbone = 'mf'): TrainedKind {
  if (task === 'rating') return 'mf-rating';
  return task === 'next' ? 'sasrec' : rankingKind(backbone);
}
