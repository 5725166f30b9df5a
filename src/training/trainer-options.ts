/**
 * What every trainer (trainMf, trainLightGcn, and trainModel, which picks one) takes besides its
 * model's own settings: the schedule, LLM-augmented triples, resume, and the callbacks that save
 * checkpoints and report progress. `M` is the model the epoch callback is handed.
 */
import type { FitState } from '../data/db.ts';
import type { Triples } from '../models/bpr-sampler.ts';
import type { BatchProgress } from '../models/matrix-factorization.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { EpochReport } from './fit.ts';

export interface TrainerOptions<M> extends LongWorkOptions {
  /** Total epochs (a resumed model counts those it has). */
  epochs: number;
  /** Validations without improvement before stopping (each trainer has its default); 0 turns validation off. */
  patience?: number;
  /** Ranking models: extra (u, i+, i−) triples from LLM augmentation, added to every epoch. */
  extraTriples?: Triples;
  /** Continue from a checkpoint (`toCheckpoint()` of the same kind) and its early-stopping state. */
  resumeFrom?: { checkpoint: unknown; state?: FitState };
  /** After each validation round (or epoch, without validation): save a checkpoint here. */
  onEpoch?: (report: EpochReport, state: FitState, model: M) => void | Promise<void>;
  onBatch?: (progress: BatchProgress) => void;
  reportEvery?: number;
}
