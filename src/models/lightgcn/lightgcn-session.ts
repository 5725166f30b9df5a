/**
 * LightGCN training against the store, as train-session.ts `trainFromStore` does for MF (so the
 * training worker can run either): load the dataset and the LLM-augmented pairs, resume from the
 * stored checkpoint when it fits this data, train with early stopping, save a checkpoint after
 * every validation round, mark the final (best) state finished.
 */
import { triplesFromRecords } from '../../augment/augmented-triples.ts';
import type { RecStore } from '../../data/store.ts';
import { leaveOneOutByTime } from '../../data/splits.ts';
import { RecError } from '../../errors.ts';
import { activateBackend, type BackendRequest } from '../backend.ts';
import type { Triples } from '../bpr-sampler.ts';
import type { FitState } from '../fit.ts';
import type { TrainOutcome, TrainProgress } from '../train-session.ts';
import { graphEdges } from './graph.ts';
import type { LightGcnConfig } from './lightgcn-config.ts';
import { checkLightGcnCheckpoint, LightGcn, type LightGcnCheckpoint } from './lightgcn.ts';
import { LIGHTGCN_TRAINING, trainLightGcn } from './train-lightgcn.ts';

export interface LightGcnTrainRequest {
  config?: Partial<LightGcnConfig>;
  /** Total epochs (a resumed run counts those already done). Default LIGHTGCN_TRAINING.epochs. */
  epochs?: number;
  patience?: number;
  validateEvery?: number;
  /** Checkpoint key in the store (default 'lightgcn'). */
  checkpointName?: string;
  /** Continue from the stored checkpoint if it fits this dataset (default true). */
  resume?: boolean;
  /** Add the LLM-augmented pairs from the store to every epoch (default true). */
  useAugmented?: boolean;
  reportEvery?: number;
  backend?: BackendRequest;
}

/** What is stored under the checkpoint name. */
export interface StoredLightGcn {
  model: LightGcnCheckpoint;
  fit: FitState;
  /** Split size, to refuse a checkpoint from other data. */
  trainRows: number;
  finished: boolean;
  augmentedTriples: number;
}

type TrainStore = Pick<RecStore, 'loadDataset' | 'getCheckpoint' | 'putCheckpoint' | 'listAugmentedPairs'>;

export async function trainLightGcnFromStore(
  store: TrainStore,
  request: LightGcnTrainRequest,
  options: { signal?: AbortSignal; onProgress?: (progress: TrainProgress) => void } = {},
): Promise<TrainOutcome> {
  const backend = await activateBackend(request.backend);
  const dataset = await store.loadDataset();
  if (!dataset) throw new RecError('NO_DATASET', 'There is no dataset to train on yet; import one first.');
  const table = dataset.interactions;
  const split = leaveOneOutByTime(table);
  const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };
  const name = request.checkpointName ?? 'lightgcn';
  const epochs = request.epochs ?? LIGHTGCN_TRAINING.epochs;

  let extraTriples: Triples | undefined;
  if (request.useAugmented ?? true) {
    const pairs = await store.listAugmentedPairs();
    if (pairs.length > 0) extraTriples = triplesFromRecords(pairs);
  }
  const augmentedTriples = extraTriples?.user.length ?? 0;

  let resumeFrom: { checkpoint: LightGcnCheckpoint; state: FitState } | undefined;
  if (request.resume ?? true) {
    const stored = (await store.getCheckpoint(name))?.value as StoredLightGcn | undefined;
    if (stored) {
      const c = checkLightGcnCheckpoint(stored.model);
      const edges = graphEdges(table, split.train, dims.numUsers, dims.numItems);
      const fits =
        c.numUsers === dims.numUsers &&
        c.numItems === dims.numItems &&
        stored.trainRows === split.train.length &&
        c.edges.user.length === edges.user.length &&
        stored.augmentedTriples === augmentedTriples;
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
          augmentedTriples,
        };
      }
      if (fits) resumeFrom = { checkpoint: c, state: stored.fit };
    }
  }

  const save = async (model: LightGcn, fit: FitState, finished: boolean) => {
    const value: StoredLightGcn = { model: await model.toCheckpoint(), fit, trainRows: split.train.length, finished, augmentedTriples };
    await store.putCheckpoint(name, value);
  };
  const { model, result } = await trainLightGcn(table, split, dims, {
    config: request.config,
    epochs,
    patience: request.patience,
    validateEvery: request.validateEvery,
    extraTriples,
    resumeFrom,
    signal: options.signal,
    reportEvery: request.reportEvery,
    onBatch: (b) => options.onProgress?.({ epoch: b.epoch, epochs, batch: b.batch, batches: b.batches, loss: b.loss }),
    onEpoch: async (report, state, m) => {
      await save(m, state, false);
      options.onProgress?.({ epoch: report.epoch, epochs, batch: report.batches, batches: report.batches, loss: report.loss, samplesPerSecond: report.samplesPerSecond, validation: report.validation });
    },
  });
  try {
    await save(model, { bestEpoch: result.bestEpoch, bestValidation: result.bestValidation, sinceBest: 0 }, true);
    return {
      backend,
      resumedFromEpoch: resumeFrom?.checkpoint.epoch ?? 0,
      // The last epoch trained (early stopping may have restored an earlier, better one).
      epochsRun: (result.history.at(-1)?.epoch ?? resumeFrom?.checkpoint.epoch ?? 0) - (resumeFrom?.checkpoint.epoch ?? 0),
      epochsDone: model.epochsDone,
      bestEpoch: result.bestEpoch,
      bestValidation: result.bestValidation,
      validationMetric: 'NDCG@10',
      stoppedEarly: result.stoppedEarly,
      trainSeconds: result.trainSeconds,
      augmentedTriples,
    };
  } finally {
    model.dispose();
  }
}

/** The LightGCN stored under `name`, ready to score on `backend`; null if there is none. */
export async function loadTrainedLightGcn(store: Pick<RecStore, 'getCheckpoint'>, name = 'lightgcn', backend: BackendRequest = 'auto'): Promise<LightGcn | null> {
  const record = await store.getCheckpoint(name);
  if (!record) return null;
  const stored = record.value as StoredLightGcn | undefined;
  const c = checkLightGcnCheckpoint(stored?.model);
  await activateBackend(backend);
  return LightGcn.fromCheckpoint(c);
}
