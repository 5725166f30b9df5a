/**
 * Builds and trains LightGCN on a split with validation-based early stopping: the counterpart of
 * train-mf.ts `trainMf`, for trainFromStore (the training worker, the loop), the CLI and the benchmark.
 *
 * LightGCN learns slowly and steadily (tens to hundreds of epochs) while one validation ranks every
 * item for every user, which costs more than a training epoch here; so validation runs once per
 * `validateEvery` epochs, and patience counts those validations.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { InteractionTable, Split } from '../data/types.ts';
import { evaluateRanking } from '../eval/evaluate.ts';
import { BprSampler } from '../models/bpr-sampler.ts';
import { graphEdges } from '../models/lightgcn/graph.ts';
import type { LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import { LightGcn } from '../models/lightgcn/lightgcn.ts';
import type { EpochStats } from '../models/matrix-factorization.ts';
import { fit, type FitResult } from './fit.ts';
import { RANKING_VALIDATION_METRIC } from './train-mf.ts';
import type { TrainerOptions } from './trainer-options.ts';

/** `patience` defaults to DEFAULT_CONFIG.lightgcn.patience; `extraTriples` join every epoch's sample (the graph stays the training data's). */
export interface TrainLightGcnOptions extends TrainerOptions<LightGcn> {
  config?: Partial<LightGcnConfig>;
  /** Epochs between validations (default DEFAULT_CONFIG.lightgcn.validateEvery). */
  validateEvery?: number;
}

export interface TrainedLightGcn {
  model: LightGcn;
  result: FitResult;
  /** What early stopping maximised on the validation split (NDCG@10, as for BPR-MF). */
  validationMetric: string;
}

export async function trainLightGcn(
  table: InteractionTable,
  split: Split,
  dims: { numUsers: number; numItems: number },
  options: TrainLightGcnOptions,
): Promise<TrainedLightGcn> {
  const { numUsers, numItems } = dims;
  const patience = options.patience ?? DEFAULT_CONFIG.lightgcn.patience;
  const validating = patience > 0 && split.validation.length > 0;
  const every = validating ? Math.max(1, Math.floor(options.validateEvery ?? DEFAULT_CONFIG.lightgcn.validateEvery)) : 1;
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
    const k = DEFAULT_CONFIG.training.validationK;
    const validate = async () => (await evaluateRanking(model, table, split, { target: 'validation', ks: [k], signal: options.signal })).overall[RANKING_VALIDATION_METRIC]!;
    const result = await fit(model, round, {
      epochs: options.epochs,
      patience,
      validate: validating ? validate : undefined,
      signal: options.signal,
      onProgress: options.onProgress,
      resume: options.resumeFrom?.state,
      onEpoch: options.onEpoch && ((report, state) => options.onEpoch!(report, state, model)),
    });
    return { model, result, validationMetric: RANKING_VALIDATION_METRIC };
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
