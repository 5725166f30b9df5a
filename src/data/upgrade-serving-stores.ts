/**
 * The v1 → v2 upgrade of what serves (db.ts, step 2). Version 1 kept everything in the
 * `checkpoints` store as `{ name, savedAt, value: unknown }`, used as a key–value store:
 *   'active-model/<task>'  → { name, augmentedPairs }          now `activeModels`
 *   'tuned-alpha/<task>'   → the tuned α record                 now `tunedAlpha`
 *   '<name>~staging'       → a run that will replace '<name>'   now `staging` (under '<name>')
 *   '<name>'               → { model, fit, trainRows, finished, augmentedTriples? }
 * Each record MOVES to its typed store (it is deleted from `checkpoints`), and every record gets
 * the `datasetFingerprint` of the dataset the store holds (its `meta` record): v1 cleared all of
 * them whenever a different dataset was imported, so they all belong to that one.
 *
 * Stores from before active-model records existed (the demo trained 'mf-bpr' / 'mf-rating'
 * itself) served a finished checkpoint under the task's plain name; that becomes its task's
 * active-model record here, so nothing needs the old rule at run time.
 *
 * A record no version could have served (a checkpoint without its model or training state) is
 * dropped rather than carried into a typed store as something it is not.
 */
import type { CheckpointRecord, FitState, TunedAlphaRecord, UpgradeTransaction } from './db.ts';
import type { RecTask } from './types.ts';

/** What version 1 stored under every key of `checkpoints`. */
interface V1Record {
  name: string;
  savedAt: number;
  value: unknown;
}

/** The tasks version 1 knew ('next' came later). */
type V1Task = Extract<RecTask, 'ranking' | 'rating'>;
const TASKS: readonly V1Task[] = ['ranking', 'rating'];
/** The checkpoint each task trained into before active-model records existed. */
const PLAIN_CHECKPOINT: Record<V1Task, string> = { ranking: 'mf-bpr', rating: 'mf-rating' };
const STAGING_SUFFIX = '~staging';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isTask = (value: string): value is V1Task => (TASKS as readonly string[]).includes(value);

function isFitState(value: unknown): value is FitState {
  return isObject(value) && typeof value.bestEpoch === 'number' && typeof value.bestValidation === 'number' && typeof value.sinceBest === 'number';
}

/** A v1 checkpoint value as a v2 record, or null when it holds no model to serve. */
function checkpointFrom(name: string, record: V1Record, datasetFingerprint: string): CheckpointRecord | null {
  const v = record.value;
  if (!isObject(v) || !isObject(v.model) || !isFitState(v.fit) || typeof v.trainRows !== 'number') return null;
  return {
    name,
    savedAt: record.savedAt,
    datasetFingerprint,
    model: v.model,
    fit: v.fit,
    trainRows: v.trainRows,
    finished: v.finished === true,
    // Checkpoints from before the field: trained without augmented pairs.
    augmentedTriples: typeof v.augmentedTriples === 'number' ? v.augmentedTriples : 0,
  };
}

export async function moveServingRecords(tx: UpgradeTransaction): Promise<void> {
  const datasetFingerprint = (await tx.objectStore('meta').get('dataset'))?.fingerprint ?? '';
  const checkpoints = tx.objectStore('checkpoints');
  const records = (await checkpoints.getAll()) as unknown as V1Record[];
  const active = new Set<V1Task>();
  for (const record of records) {
    const [prefix, task] = record.name.split('/');
    const value = record.value;
    await checkpoints.delete(record.name);
    if (prefix === 'active-model' && task !== undefined && isTask(task)) {
      if (isObject(value) && typeof value.name === 'string') {
        const augmentedPairs = typeof value.augmentedPairs === 'number' ? value.augmentedPairs : 0;
        await tx.objectStore('activeModels').put({ task, checkpoint: value.name, augmentedPairs, datasetFingerprint });
        active.add(task);
      }
    } else if (prefix === 'tuned-alpha' && task !== undefined && isTask(task)) {
      // A record from an older build without both numbers was never trusted; it is not kept.
      if (isObject(value) && typeof value.alpha1 === 'number' && typeof value.alpha2 === 'number') {
        await tx.objectStore('tunedAlpha').put({ ...(value as unknown as TunedAlphaRecord), task, datasetFingerprint });
      }
    } else {
      const staged = record.name.endsWith(STAGING_SUFFIX);
      const name = staged ? record.name.slice(0, -STAGING_SUFFIX.length) : record.name;
      const checkpoint = checkpointFrom(name, record, datasetFingerprint);
      if (checkpoint) await tx.objectStore(staged ? 'staging' : 'checkpoints').put(checkpoint);
    }
  }
  for (const task of TASKS) {
    if (active.has(task)) continue;
    const plain = await checkpoints.get(PLAIN_CHECKPOINT[task]);
    if (plain?.finished) {
      await tx.objectStore('activeModels').put({ task, checkpoint: plain.name, augmentedPairs: plain.augmentedTriples, datasetFingerprint });
    }
  }
}
