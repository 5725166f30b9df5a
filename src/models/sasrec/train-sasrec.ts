/**
 * Builds and trains SASRec on a split, with validation-based early stopping: the shape of
 * train-mf.ts's `trainMf`, so the CLI, the benchmark and (later) the training worker call it alike.
 */
import type { InteractionTable, Split } from '../../data/types.ts';
import type { LongWorkOptions } from '../../progress.ts';
import { BprSampler } from '../bpr-sampler.ts';
import type { EpochReport, FitResult, FitState } from '../fit.ts';
import type { BatchProgress } from '../matrix-factorization.ts';
import { fitWithEarlyStopping } from './early-stopping.ts';
import { trainingWindows } from './packed-batch.ts';
import { disposeSnapshot, SasRec, type SasRecTrainingData } from './sasrec.ts';
import type { SasRecConfig } from './sasrec-config.ts';
import { evaluateSasRec } from './sasrec-eval.ts';
import { userSequences, type UserSequences } from './user-sequences.ts';

export interface TrainSasRecOptions extends LongWorkOptions {
  config?: Partial<SasRecConfig>;
  epochs: number;
  /** Validations without improvement before stopping (default 5); 0 turns validation (and early stopping) off. */
  patience?: number;
  /** Validate every this many epochs (default 1). */
  validateEvery?: number;
  /** Training sequences to use instead of the split's (e.g. with LLM-inserted items); negatives still avoid the split's training items. */
  sequences?: UserSequences;
  /** Continue from this checkpoint (`toCheckpoint()`) and early-stopping state. */
  resumeFrom?: { checkpoint: unknown; state?: FitState };
  onEpoch?: (report: EpochReport, state: FitState, model: SasRec) => void | Promise<void>;
  onBatch?: (progress: BatchProgress) => void;
  reportEvery?: number;
}

export interface TrainedSasRec {
  model: SasRec;
  result: FitResult;
  /** What early stopping maximised on the validation split. */
  validationMetric: 'NDCG@10';
}

/** The training data an epoch reads: sequences, windows for the model's config, the negative sampler. */
export function sasrecTrainingData(
  table: InteractionTable,
  split: Split,
  dims: { numUsers: number; numItems: number },
  config: Pick<SasRecConfig, 'maxLen' | 'windows'>,
  sequences = userSequences(table, split.train, dims.numUsers),
): SasRecTrainingData {
  return {
    sequences,
    windows: trainingWindows(sequences, config.maxLen, config.windows),
    sampler: new BprSampler(table, split.train, dims.numUsers, dims.numItems),
  };
}

export async function trainSasRec(table: InteractionTable, split: Split, dims: { numUsers: number; numItems: number }, options: TrainSasRecOptions): Promise<TrainedSasRec> {
  const sequences = options.sequences ?? userSequences(table, split.train, dims.numUsers);
  const model = options.resumeFrom ? SasRec.fromCheckpoint(options.resumeFrom.checkpoint) : SasRec.create(dims.numUsers, dims.numItems, sequences, options.config);
  try {
    const data = sasrecTrainingData(table, split, dims, model.config, sequences);
    const validating = (options.patience ?? 5) > 0 && split.validation.length > 0;
    const validate = async () => (await evaluateSasRec(model, table, split, { target: 'validation', ks: [10], signal: options.signal })).overall['NDCG@10']!;
    const epochOptions = { signal: options.signal, onBatch: options.onBatch, reportEvery: options.reportEvery };
    const result = await fitWithEarlyStopping(model, () => model.trainEpoch(data, epochOptions), {
      epochs: options.epochs,
      patience: options.patience ?? 5,
      validateEvery: options.validateEvery,
      validate: validating ? validate : undefined,
      signal: options.signal,
      onProgress: options.onProgress,
      resume: options.resumeFrom?.state,
      onEpoch: options.onEpoch && ((report, state) => options.onEpoch!(report, state, model)),
      disposeSnapshot,
    });
    return { model, result, validationMetric: 'NDCG@10' };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
