/**
 * Builds and trains LightGCN on a split with validation-based early stopping: the counterpart of
 * train-mf.ts `trainMf`, for the CLI, the benchmark and (later) the training worker.
 *
 * LightGCN learns slowly and steadily (tens to hundreds of epochs) while one validation ranks every
 * item for every user, which costs more than a training epoch here; so validation runs once per
 * `validateEvery` epochs, and patience counts those validations.
 */
import type { InteractionTable, Split } from '../../data/types.ts';
import { evaluateRanking } from '../../eval/evaluate.ts';
import type { LongWorkOptions } from '../../progress.ts';
import { BprSampler, type Triples } from '../bpr-sampler.ts';
import { fit, type EpochReport, type FitResult, type FitState } from '../fit.ts';
import type { BatchProgress, EpochStats } from '../matrix-factorization.ts';
import { graphEdges } from './graph.ts';
import type { LightGcnConfig } from './lightgcn-config.ts';
import { LightGcn } from './lightgcn.ts';

/**
 * On ml-latest-small validation NDCG@10 peaks after 35–45 epochs at the default lr and then falls
 * (overfitting); between validations five epochs apart it moves by ±0.003 by chance, so patience
 * is six validations (30 epochs): four stopped one seed at epoch 40 with its peak at 20.
 */
export const LIGHTGCN_TRAINING = { epochs: 200, patience: 6, validateEvery: 5 };

export interface TrainLightGcnOptions extends LongWorkOptions {
  config?: Partial<LightGcnConfig>;
  /** Total epochs (a resumed model counts those it has). */
  epochs: number;
  /** Validations without improvement before stopping (default 6); 0 turns validation off. */
  patience?: number;
  /** Epochs between validations (default 5). */
  validateEvery?: number;
  /** Extra (u, i+, i−) triples from LLM augmentation, added to every epoch (the graph stays the training data's). */
  extraTriples?: Triples;
  /** Continue from a checkpoint (`toCheckpoint()`) and its early-stopping state. */
  resumeFrom?: { checkpoint: unknown; state?: FitState };
  /** After each validation round (or epoch, without validation): save a checkpoint here. */
  onEpoch?: (report: EpochReport, state: FitState, model: LightGcn) => void | Promise<void>;
  onBatch?: (progress: BatchProgress) => void;
  reportEvery?: number;
}

export interface TrainedLightGcn {
  model: LightGcn;
  result: FitResult;
  /** What early stopping maximised on the validation split. */
  validationMetric: 'NDCG@10';
}

export async function trainLightGcn(
  table: InteractionTable,
  split: Split,
  dims: { numUsers: number; numItems: number },
  options: TrainLightGcnOptions,
): Promise<TrainedLightGcn> {
  const { numUsers, numItems } = dims;
  const patience = options.patience ?? LIGHTGCN_TRAINING.patience;
  const validating = patience > 0 && split.validation.length > 0;
  const every = validating ? Math.max(1, Math.floor(options.validateEvery ?? LIGHTGCN_TRAINING.validateEvery)) : 1;
  const model = options.resumeFrom
    ? LightGcn.fromCheckpoint(options.resumeFrom.checkpoint)
    : LightGcn.create(numUsers, numItems, graphEdges(table, split.train, numUsers, numItems), options.config);
  try {
    const sampler = new BprSampler(table, split.train, numUsers, numItems);
    const epochOptions = { signal: options.signal, onBatch: options.onBatch, reportEvery: options.reportEvery };
    // One round = `every` epochs (fewer at the end), reported as one epoch-sized step of `fit`.
    const round = async (): Promise<EpochStats> => {
      const stats: EpochStats[] = [];
      const until = Math.min(options.epochs, model.epochsDone + every);
      do {
        // Timed with the negative sampling, as the PyTorch reference times its epochs.
        const started = performance.now();
        const epoch = await model.trainEpoch(sampler.epoch(model.random, options.extraTriples), epochOptions);
        const seconds = (performance.now() - started) / 1000;
        stats.push({ ...epoch, seconds, samplesPerSecond: epoch.samples / seconds });
      } while (model.epochsDone < until);
      return mergeEpochs(stats);
    };
    const validate = async () =>
      (await evaluateRanking(model, table, split, { target: 'validation', ks: [10], signal: options.signal })).overall['NDCG@10']!;
    const result = await fit(model, round, {
      epochs: options.epochs,
      patience,
      validate: validating ? validate : undefined,
      signal: options.signal,
      onProgress: options.onProgress,
      resume: options.resumeFrom?.state,
      onEpoch: options.onEpoch && ((report, state) => options.onEpoch!(report, state, model)),
    });
    return { model, result, validationMetric: 'NDCG@10' };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Several epochs' stats as one: the last epoch's number, summed time and samples, the mean loss per sample. */
export function mergeEpochs(stats: EpochStats[]): EpochStats {
  const last = stats.at(-1)!;
  const samples = stats.reduce((s, e) => s + e.samples, 0);
  const seconds = stats.reduce((s, e) => s + e.seconds, 0);
  const loss = samples === 0 ? last.loss : stats.reduce((s, e) => s + e.loss * e.samples, 0) / samples;
  return { epoch: last.epoch, loss, samples, batches: stats.reduce((s, e) => s + e.batches, 0), seconds, samplesPerSecond: samples / seconds };
}
