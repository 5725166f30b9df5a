/**
 * The epoch loop around a model: train, validate, keep the best state, stop when the validation
 * metric has not improved for `patience` epochs, then restore the best state. Any model that can
 * snapshot and restore its state runs here (MF; SASRec with its own snapshot and `disposeSnapshot`).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { FitState } from '../data/db.ts';
import { throwIfAborted } from '../errors.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { EpochStats, MfSnapshot } from '../models/matrix-factorization.ts';

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
  /**
   * Validate after every this many epochs (and after the last); default 1. Patience counts
   * validations. `onEpoch` still runs after every epoch (a checkpoint per epoch).
   */
  validateEvery?: number;
  /** Called after each epoch, after validation (e.g. to save a checkpoint). */
  onEpoch?: (report: EpochReport, state: FitState) => void | Promise<void>;
  /** Early-stopping state of the run being resumed. */
  resume?: FitState;
}

/** What the loop needs of a model: its epoch count, and a snapshot of its state it can go back to. */
export interface Fittable<S> {
  readonly epochsDone: number;
  snapshot(): S;
  /** Restores a snapshot and takes ownership of it. */
  restore(snapshot: S): void;
}

/** MF's snapshot type is the default; another model passes how to free its snapshots. */
export type FitModelOptions<S> = FitOptions & ([S] extends [MfSnapshot] ? { disposeSnapshot?: (snapshot: S) => void } : { disposeSnapshot: (snapshot: S) => void });

export interface FitResult {
  epochsRun: number;
  bestEpoch: number;
  bestValidation: number;
  stoppedEarly: boolean;
  /** Seconds spent in training steps only (validation excluded). */
  trainSeconds: number;
  history: EpochReport[];
}

/** MF's and LightGCN's (src/models/lightgcn/, which snapshots the same way) shape of Fittable. */
export type FittableModel = Fittable<MfSnapshot>;

export async function fit<S = MfSnapshot>(
  model: Fittable<S>,
  trainEpoch: () => Promise<EpochStats>,
  options: FitModelOptions<S>,
): Promise<FitResult> {
  const patience = options.patience ?? DEFAULT_CONFIG.training.patience;
  const every = Math.max(1, Math.floor(options.validateEvery ?? 1));
  const state: FitState = options.resume ? { ...options.resume } : { bestEpoch: 0, bestValidation: -Infinity, sinceBest: 0 };
  const release = (options.disposeSnapshot ?? disposeMfSnapshot) as (snapshot: S) => void;
  const disposeSnapshot = (snapshot: S | null) => {
    if (snapshot) release(snapshot);
  };
  let best: S | null = null;
  const history: EpochReport[] = [];
  let trainSeconds = 0;
  let stoppedEarly = false;
  try {
    while (model.epochsDone < options.epochs) {
      throwIfAborted(options.signal, 'Training');
      const stats = await trainEpoch();
      trainSeconds += stats.seconds;
      const report: EpochReport = { ...stats, best: false };
      if (options.validate && (stats.epoch % every === 0 || stats.epoch >= options.epochs)) {
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
      if (report.validation !== undefined && state.sinceBest >= patience) {
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

function disposeMfSnapshot(snapshot: MfSnapshot): void {
  snapshot.table.weights.dispose();
  snapshot.table.m.dispose();
  snapshot.table.v.dispose();
}
