/**
 * The epoch loop with early stopping on validation, for any model that can snapshot and restore
 * its state: the same rules and bookkeeping as MF's fit.ts (its FitState is saved beside a
 * checkpoint, so a resumed run stops where an uninterrupted one would), without its MF types.
 * fit.ts could delegate to this once the layout settles; kept apart here to leave MF untouched.
 */
import { throwIfAborted } from '../../errors.ts';
import type { LongWorkOptions } from '../../progress.ts';
import type { EpochReport, FitResult, FitState } from '../fit.ts';
import type { EpochStats } from '../matrix-factorization.ts';

export interface Trainable<S> {
  readonly epochsDone: number;
  snapshot(): S;
  /** Restores a snapshot and takes ownership of it. */
  restore(snapshot: S): void;
}

export interface EarlyStoppingOptions<S> extends LongWorkOptions {
  /** Total epochs (a resumed model counts the epochs it already has). */
  epochs: number;
  /** Stop after this many validations without improvement (default 5). */
  patience?: number;
  /** Validate after every this many epochs (and after the last); default 1. */
  validateEvery?: number;
  /** The validation metric, higher is better. Without it every epoch runs and the last state is kept. */
  validate?: () => Promise<number>;
  onEpoch?: (report: EpochReport, state: FitState) => void | Promise<void>;
  resume?: FitState;
  disposeSnapshot: (snapshot: S) => void;
}

export async function fitWithEarlyStopping<S>(model: Trainable<S>, trainEpoch: () => Promise<EpochStats>, options: EarlyStoppingOptions<S>): Promise<FitResult> {
  const patience = options.patience ?? 5;
  const every = options.validateEvery ?? 1;
  const state: FitState = options.resume ? { ...options.resume } : { bestEpoch: 0, bestValidation: -Infinity, sinceBest: 0 };
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
          if (best) options.disposeSnapshot(best);
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
    if (best) options.disposeSnapshot(best);
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
