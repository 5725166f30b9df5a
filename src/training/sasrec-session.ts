/**
 * SASRec training against the store, in the shape of train-session.ts (MF): load the dataset from
 * IndexedDB, resume from the stored checkpoint when it fits, train with early stopping, save a
 * checkpoint after every epoch and the best state, marked finished, at the end. The training
 * worker can wrap this as it wraps `trainFromStore` (integration: a later round).
 */
import type { DatasetBoundStore } from '../data/bound-store.ts';
import type { FitState } from '../data/db.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { activateBackend, type BackendChoice, type BackendRequest } from '../models/backend.ts';
import { SasRec } from '../models/sasrec/sasrec.ts';
import { checkSasRecCheckpoint, type SasRecCheckpoint } from '../models/sasrec/sasrec-checkpoint.ts';
import { sasrecConfig, type SasRecConfig } from '../models/sasrec/sasrec-config.ts';
import type { TrainProgress } from './train-session.ts';
import { trainSasRec } from './train-sasrec.ts';

export const SASREC_CHECKPOINT = 'sasrec';

export interface SasRecTrainRequest {
  config?: Partial<SasRecConfig>;
  /** Total epochs (a resumed run counts those already done). */
  epochs: number;
  /** Validations without improvement before stopping (default 5; 0: none). */
  patience?: number;
  /** Epochs between validations (default 1). */
  validateEvery?: number;
  /** Checkpoint key in the store (default 'sasrec'). */
  checkpointName?: string;
  /** Continue from the stored checkpoint if it fits this dataset and configuration (default true). */
  resume?: boolean;
  /** Report the loss every this many steps (default 0: once per epoch). */
  reportEvery?: number;
  /** The TF.js backend: 'auto' (default) or exactly one (BACKEND_UNAVAILABLE if it cannot start). */
  backend?: BackendRequest;
}

export interface SasRecTrainOutcome {
  backend: BackendChoice;
  resumedFromEpoch: number;
  epochsRun: number;
  epochsDone: number;
  bestEpoch: number;
  bestValidation: number;
  validationMetric: 'NDCG@10';
  stoppedEarly: boolean;
  trainSeconds: number;
  /** How the last step ran ('wasm-simd', 'js-in-place', 'tensor-ops'); null when nothing trained. */
  step: string | null;
}

type TrainStore = Pick<DatasetBoundStore, 'loadDataset' | 'getCheckpoint' | 'putCheckpoint'>;

export async function trainSasRecFromStore(
  store: TrainStore,
  request: SasRecTrainRequest,
  options: { signal?: AbortSignal; onProgress?: (progress: TrainProgress) => void } = {},
): Promise<SasRecTrainOutcome> {
  const backend = await activateBackend(request.backend);
  const config = sasrecConfig(request.config);
  const dataset = await store.loadDataset();
  const table = dataset.interactions;
  const split = leaveOneOutByTime(table);
  const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };
  const name = request.checkpointName ?? SASREC_CHECKPOINT;

  let resumeFrom: { checkpoint: SasRecCheckpoint; state: FitState } | undefined;
  if (request.resume ?? true) {
    const stored = await store.getCheckpoint(name);
    if (stored) {
      const c = checkSasRecCheckpoint(stored.model);
      const fits = c.numUsers === dims.numUsers && c.numItems === dims.numItems && stored.trainRows === split.train.length && sameConfig(c.config, config);
      if (fits && stored.finished) {
        return {
          backend,
          resumedFromEpoch: c.epoch,
          epochsRun: 0,
          epochsDone: c.epoch,
          bestEpoch: stored.fit.bestEpoch,
          bestValidation: stored.fit.bestValidation,
          validationMetric: 'NDCG@10',
          stoppedEarly: false,
          trainSeconds: 0,
          step: null,
        };
      }
      if (fits) resumeFrom = { checkpoint: c, state: stored.fit };
    }
  }

  const { model, result } = await trainSasRec(table, split, dims, {
    config,
    epochs: request.epochs,
    patience: request.patience,
    validateEvery: request.validateEvery,
    resumeFrom,
    signal: options.signal,
    reportEvery: request.reportEvery,
    onBatch: (b) => options.onProgress?.({ epoch: b.epoch, epochs: request.epochs, batch: b.batch, batches: b.batches, loss: b.loss }),
    onEpoch: async (report, state, m) => {
      await store.putCheckpoint({ name, model: await m.toCheckpoint(), fit: state, trainRows: split.train.length, finished: false, augmentedTriples: 0 });
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
    const state: FitState = { bestEpoch: result.bestEpoch, bestValidation: result.bestValidation, sinceBest: 0 };
    await store.putCheckpoint({ name, model: await model.toCheckpoint(), fit: state, trainRows: split.train.length, finished: true, augmentedTriples: 0 });
    return {
      backend,
      resumedFromEpoch: resumeFrom?.checkpoint.epoch ?? 0,
      epochsRun: result.epochsRun,
      epochsDone: model.epochsDone,
      bestEpoch: result.bestEpoch,
      bestValidation: result.bestValidation,
      validationMetric: 'NDCG@10',
      stoppedEarly: result.stoppedEarly,
      trainSeconds: result.trainSeconds,
      step: model.lastStep?.path ?? null,
    };
  } finally {
    model.dispose();
  }
}

/** The SASRec model stored under `name`, ready to score on `backend` (default 'auto'); null if there is none. */
export async function loadTrainedSasRec(store: Pick<DatasetBoundStore, 'getCheckpoint'>, name = SASREC_CHECKPOINT, backend: BackendRequest = 'auto'): Promise<SasRec | null> {
  const record = await store.getCheckpoint(name);
  if (!record) return null;
  const checkpoint = checkSasRecCheckpoint(record.model);
  await activateBackend(backend);
  return SasRec.fromCheckpoint(checkpoint);
}

function sameConfig(a: SasRecConfig, b: SasRecConfig): boolean {
  return (Object.keys(b) as (keyof SasRecConfig)[]).every((key) => a[key] === b[key]);
}
