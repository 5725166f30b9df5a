/**
 * The typed boundary of the augmentation worker: the page asks it to run the pairwise
 * augmentation job against IndexedDB with an engine built inside the worker from an
 * `EngineSpec`; progress comes back through a Comlink proxy callback; errors arrive as their
 * RecError class (transfer-errors.ts, with the LLM error classes registered).
 */
import type { AugmentReport } from '../augment/augment-job.ts';
import type { Progress } from '../progress.ts';
import type { AugmentBudget, SequentialAugmentBudget } from '../recommender/augment-loop.ts';
import type { EngineSpec } from '../recommender/engine-spec.ts';

export interface AugmentWorkerRequest {
  /** IndexedDB database to read the dataset from and write pairs into (default: the app's). */
  dbName?: string;
  engine: EngineSpec;
  budget?: AugmentBudget;
  /** Run the sequential task instead, with this budget. */
  sequential?: SequentialAugmentBudget;
  /** Seed of the pair plan; keep it fixed so a restarted job continues the same plan. */
  seed?: number;
}

export interface AugmentWorkerApi {
  /** Runs the job (resuming: pairs already stored are not asked again); one run at a time. */
  augment(request: AugmentWorkerRequest, onProgress?: (progress: Progress) => void): Promise<AugmentReport>;
  /** Holds the next LLM call until `resume()`. */
  pause(): void;
  resume(): void;
  /** The running job rejects with AbortedError; what was committed stays. */
  cancel(): void;
}
