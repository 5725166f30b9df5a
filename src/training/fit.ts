/**
 * The epoch loop around a model: train, validate, keep the best state, stop when the validation
 * metric has not improved for `patience` epochs, then restore the best state.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { FitState } from '../data/db.ts';
import { throwIfAborted } from '../errors.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { EpochStats, MatrixFactorization, MfSnapshot } from '../models/matrix-factorization.ts';

export interface EpochReport extends EpochStats {
  /** Validation metric after this epoch (higher is better), if validated. */
  validation?: number;
  /** This epoch is the best so far. */
  best: boolean;
}

export interface FitOptions extends LongWorkOptions {
  /** Total epochs (a resumed model counts the epochs it already has). */
  epochs: number;
  /** Stop after this many validations without improvement (default 5). */
  patience?: number;
  /** The validation metric, higher is better. Without it every epoch runs and the last state is kept. */
  validate?: () => Promise<number>;
  /** Called after each epoch, after validation (e.g. to save a checkpoint). */
  onEpoch?: (report: EpochReport, state: FitState) => void | Promise<void>;
  /** Early-stopping state of the run being resumed. */
  resume?: FitState;
}

export interface FitResult {
  epochsRun: number;
  bestEpoch: number;
  bestValidation: number;
  stoppedEarly: boolean;
  /** Seconds spent in training steps only (validation excluded). */
  trainSeconds: number;
  history: EpochReport[];
}

/** What the loop needs of a model: MF, and LightGCN (src/models/lightgcn/), which snapshots the same way. */
export type FittableModel = Pick<MatrixFactorization, 'epochsDone' | 'snapshot' | 'restore'>;

export async function fit(
  model: FittableModel,
  trainEpoch: () => Promise<EpochStats>,
  options: FitOptions,
): Promise<FitResult> {
  const patience = options.patience ?? DEFAULT_CONFIG.training.patience;
  const state: FitState = options.resume ? { ...options.resume } : { bestEpoch: 0, bestValidation: -Infinity, sinceBest: 0 };
  let best: MfSnapshot | null = null;
  const history: EpochReport[] = [];
  let trainSeconds = 0;
  let stoppedEarly = false;
  try {
    while (model.epochsDone < options.epochs) {
      throwIfAborted(options.signal, 'Training');
      const stats = await trainEpoch();
      trainSeconds += stats.seconds;
      const report: EpochReport = { ...stats, best: false };
      if (options.validate) {
        report.validation = await options.validate();
        if (report.validation > state.bestValidation) {
          state.bestValidation = report.validation;
          state.bestEpoch = stats.epoch;
          state.sinceBest = 0;
          report.best = true;
          disposeSnapshot(best);
          best = model.snapshot();
        } else {
          state.sinceBest++;
        }
      }
      history.push(report);
      options.onProgress?.({ phase: 'training', done: stats.epoch, total: options.epochs });
      await options.onEpoch?.(report, { ...state });
      if (options.validate && state.sinceBest >= patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (best && model.epochsDone !== state.bestEpoch) {
      model.restore(best);
      best = null;
    }
  } finally {
    disposeSnapshot(best);
  }
  return {
    epochsRun: history.length,
    bestEpoch: state.bestEpoch || model.epochsDone,
    bestValidation: state.bestValidation,
    stoppedEarly,
    trainSeconds,
    history,
  };
}

function disposeSnapshot(snapshot: MfSnapshot | null): void {
  if (!snapshot) return;
  snapshot.table.weights.dispose();
  snapshot.table.m.dispose();
  snapshot.table.v.dispose();
}
