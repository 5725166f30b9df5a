/**
 * A training run that stopped before it finished — the page was reloaded or closed, or the run
 * was cancelled — and where it got to: its checkpoint holds the last committed epoch, and
 * `train()` with the same variant (and without `fresh`) continues from the next one. What a page
 * shows after a reload instead of "not trained yet" (the model that serves, if any, is the
 * active model, unchanged by the interrupted run).
 */
import type { DatasetBoundStore } from '../data/bound-store.ts';
import type { CheckpointRecord, CheckpointShelf } from '../data/db.ts';
import type { RecTask } from '../data/types.ts';
import { checkTrainedCheckpoint, type RankingBackbone } from '../models/trained-checkpoint.ts';
import { augmentationKind, augmentedPairsOf, checkpointName } from './checkpoint-names.ts';

export interface InterruptedTraining {
  task: RecTask;
  /** The checkpoint it trains into, e.g. 'mf-bpr', 'mf-bpr+aug-200' or 'sasrec'. */
  checkpoint: string;
  /** Epochs committed: a continued run starts at epoch + 1. */
  epoch: number;
  /** It was retraining a model that serves (on a staging copy); that model serves meanwhile. */
  replacesServed: boolean;
  /** Augmented pairs it trains with (0: D alone); continue it with `useAugmented: augmentedPairs > 0`. */
  augmentedPairs: number;
  /** When its last epoch was committed (ms since the epoch). */
  savedAt: number;
}

export type InterruptedTrainingStore = Pick<DatasetBoundStore, 'getCheckpoint' | 'countAugmentedPairs'>;

/**
 * The task's interrupted run that `train()` would continue now, or null. For ranking (and 'next')
 * that is the run on D or on D ∪ D_aug with the records of its kind stored now (a run with other
 * records would start afresh); the most recently saved one when both were interrupted.
 */
export async function interruptedTraining(store: InterruptedTrainingStore, task: RecTask, backbone: RankingBackbone = 'mf'): Promise<InterruptedTraining | null> {
  const records = augmentationKind(task);
  const names = records === null ? [checkpointName(task, 0)] : [...new Set([checkpointName(task, 0, backbone), checkpointName(task, await store.countAugmentedPairs(records), backbone)])];
  let latest: InterruptedTraining | null = null;
  for (const name of names) {
    for (const shelf of ['staging', 'checkpoints'] as const satisfies readonly CheckpointShelf[]) {
      const record = await store.getCheckpoint(name, shelf);
      if (!record || record.finished) continue;
      const found = describe(task, record, shelf === 'staging');
      if (!latest || found.savedAt > latest.savedAt) latest = found;
    }
  }
  return latest;
}

function describe(task: RecTask, record: CheckpointRecord, replacesServed: boolean): InterruptedTraining {
  return {
    task,
    checkpoint: record.name,
    epoch: checkTrainedCheckpoint(record.model).epoch,
    replacesServed,
    augmentedPairs: augmentedPairsOf(record.name),
    savedAt: record.savedAt,
  };
}
