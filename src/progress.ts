/** Progress of long work (import, training, download, augmentation), reported to callers. */
export interface Progress {
  /** What is happening, in a few words a person can read ("parsing ratings.csv"). */
  phase: string;
  /** Units done so far (rows, batches, bytes, calls). */
  done: number;
  /** Total units if known. */
  total?: number;
}

export type ProgressCallback = (progress: Progress) => void;

/** Options every long call accepts. */
export interface LongWorkOptions {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}
