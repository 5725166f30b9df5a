/**
 * Builds and trains SASRec on a split, with validation-based early stopping: the shape of
 * train-mf.ts's `trainMf`, for trainFromStore (the training worker, the loop; through train-model.ts),
 * the CLI and the benchmark. A checkpoint after every epoch; validation every `validateEvery`.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { InteractionTable, Split } from '../data/types.ts';
import { evaluateSasRec } from '../eval/sequential-eval.ts';
import { BprSampler } from '../models/bpr-sampler.ts';
import { trainingWindows } from '../models/sasrec/packed-batch.ts';
import { disposeSnapshot, SasRec, type SasRecSnapshot, type SasRecTrainingData } from '../models/sasrec/sasrec.ts';
import type { SasRecConfig } from '../models/sasrec/sasrec-config.ts';
import { userSequences, type UserSequences } from '../models/sasrec/user-sequences.ts';
import { fit, type FitResult } from './fit.ts';
import { RANKING_VALIDATION_METRIC } from './train-mf.ts';
import type { TrainerOptions } from './trainer-options.ts';

/**
 * `patience` defaults to DEFAULT_CONFIG.sasrec.patience (validations; 0 turns validation and early
 * stopping off). `extraTriples` are not SASRec's: its augmentation is `trainingSequences`.
 */
export interface TrainSasRecOptions extends Omit<TrainerOptions<SasRec>, 'extraTriples'> {
  config?: Partial<SasRecConfig>;
  /** Validate every this many epochs (default DEFAULT_CONFIG.sasrec.validateEvery); a checkpoint still follows every epoch. */
  validateEvery?: number;
  /**
   * Sequences to train on instead of the split's training items, e.g. with LLM-picked items
   * inserted (augment/sequence-insertion.ts); negatives then avoid their items too. The model still
   * scores from each user's real training items.
   */
  trainingSequences?: UserSequences;
}

export interface TrainedSasRec {
  model: SasRec;
  result: FitResult;
  /** What early stopping maximised on the validation split (NDCG@10, as for the ranking models). */
  validationMetric: string;
}

/**
 * The training data an epoch reads: sequences (the split's training items unless given), windows
 * for the model's config, and a sampler of negatives among the items each sequence does not hold.
 */
export function sasrecTrainingData(
  table: InteractionTable,
  split: Split,
  dims: { numUsers: number; numItems: number },
  config: Pick<SasRecConfig, 'maxLen' | 'windows'>,
  sequences?: UserSequences,
): SasRecTrainingData {
  const own = sequences ?? userSequences(table, split.train, dims.numUsers);
  const sampler = sequences ? new BprSampler(sequencesTable(sequences), allRows(sequences.items.length), dims.numUsers, dims.numItems) : new BprSampler(table, split.train, dims.numUsers, dims.numItems);
  return { sequences: own, windows: trainingWindows(own, config.maxLen, config.windows), sampler };
}

/** Sequences as an interaction table (user and item columns, in sequence order). */
function sequencesTable(sequences: UserSequences): InteractionTable {
  const n = sequences.items.length;
  const user = new Int32Array(n);
  for (let u = 0; u + 1 < sequences.offsets.length; u++) user.fill(u, sequences.offsets[u]!, sequences.offsets[u + 1]!);
  return { length: n, user, item: sequences.items, rating: new Float32Array(n).fill(NaN), timestamp: Float64Array.from({ length: n }, (_, r) => r) };
}

function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, r) => r);
}

export async function trainSasRec(table: InteractionTable, split: Split, dims: { numUsers: number; numItems: number }, options: TrainSasRecOptions): Promise<TrainedSasRec> {
  const model = options.resumeFrom
    ? SasRec.fromCheckpoint(options.resumeFrom.checkpoint)
    : SasRec.create(dims.numUsers, dims.numItems, userSequences(table, split.train, dims.numUsers), options.config);
  try {
    const data = sasrecTrainingData(table, split, dims, model.config, options.trainingSequences);
    const patience = options.patience ?? DEFAULT_CONFIG.sasrec.patience;
    const validating = patience > 0 && split.validation.length > 0;
    const k = DEFAULT_CONFIG.training.validationK;
    const validate = async () => (await evaluateSasRec(model, table, split, { target: 'validation', ks: [k], signal: options.signal })).overall[RANKING_VALIDATION_METRIC]!;
    const epochOptions = { signal: options.signal, onBatch: options.onBatch, reportEvery: options.reportEvery };
    const result = await fit<SasRecSnapshot>(model, () => model.trainEpoch(data, epochOptions), {
      epochs: options.epochs,
      patience,
      validateEvery: options.validateEvery ?? DEFAULT_CONFIG.sasrec.validateEvery,
      validate: validating ? validate : undefined,
      signal: options.signal,
      onProgress: options.onProgress,
      resume: options.resumeFrom?.state,
      onEpoch: options.onEpoch && ((report, state) => options.onEpoch!(report, state, model)),
      disposeSnapshot,
    });
    return { model, result, validationMetric: RANKING_VALIDATION_METRIC };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
