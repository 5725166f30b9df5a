/**
 * The typed boundary of the augmentation worker: the page asks it to run the pairwise (or
 * sequential) augmentation job, or the item-attribute one, against IndexedDB with an engine
 * built inside the worker from an `EngineSpec`; progress comes back through a Comlink proxy callback; errors arrive as their
 * RecError class (transfer-errors.ts, with the LLM error classes registered).
 */
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import type { Progress } from '../progress.ts';
import type { AttributeAugmentBudget } from '../loop/attribute-augment-loop.ts';
import type { AugmentBudget, SequentialAugmentBudget } from '../loop/augment-loop.ts';
import type { EngineSpec } from './engine-spec.ts';

export interface AugmentWorkerRequest {
  /** IndexedDB database to read the dataset from and write pairs into (default: the app's). */
  dbName?: string;
  /**
   * The fingerprint of the dataset the page means: the job refuses to start on, or write into, a
   * store that holds another (DATASET_MISMATCH). Default: the dataset stored when the job starts.
   */
  datasetFingerprint?: string;
  engine: EngineSpec;
  budget?: AugmentBudget;
  /** Run the sequential task instead, with this budget. */
  sequential?: SequentialAugmentBudget;
  /** Seed of the pair plan; keep it fixed so a restarted job continues the same plan. */
  seed?: number;
}

/** Rating-task augmentation: item attributes for the items long-tail users rated. */
export interface AttributeAugmentWorkerRequest extends AttributeAugmentBudget {
  dbName?: string;
  /** As in AugmentWorkerRequest. */
  datasetFingerprint?: string;
  engine: EngineSpec;
}

export interface AugmentWorkerApi {
  /** Runs the job (resuming: pairs already stored are not asked again); one run at a time. */
  augment(request: AugmentWorkerRequest, onProgress?: (progress: Progress) => void): Promise<AugmentReport>;
  /** Fills item attributes (items already filled are not asked again); shares the one-run-at-a-time slot. */
  augmentAttributes(request: AttributeAugmentWorkerRequest, onProgress?: (progress: Progress) => void): Promise<AttributeAugmentReport>;
  /** Holds the next LLM call until `resume()`. */
  pause(): void;
  resume(): void;
  /** The running job rejects with AbortedError; what was committed stays. */
  cancel(): void;
}
