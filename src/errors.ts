/**
 * One base error for the whole library. Every failure a caller can act on has a `code`
 * and a message that says what to do. Area-specific subclasses (e.g. `ImportError` in
 * src/data) extend `RecError`; all of them are exported from src/index.ts.
 *
 * Errors cross worker boundaries as themselves (see src/workers/transfer-errors.ts),
 * never as bare strings.
 */
export type RecErrorCode =
  // data import
  | 'IMPORT_UNREADABLE'
  | 'IMPORT_UNKNOWN_FORMAT'
  | 'IMPORT_MISSING_COLUMN'
  | 'IMPORT_BAD_NUMBER'
  | 'IMPORT_BAD_ROW'
  | 'IMPORT_UNKNOWN_ITEM'
  | 'IMPORT_DUPLICATE_RATING'
  | 'IMPORT_EMPTY'
  | 'IMPORT_LINE_TOO_LONG'
  | 'IMPORT_OUT_OF_RANGE'
  | 'IMPORT_BAD_ID'
  | 'IMPORT_MISSING_FIELD'
  | 'IMPORT_MIXED_UNITS'
  | 'IMPORT_AMBIGUOUS_COLUMN'
  // storage
  | 'QUOTA_EXCEEDED'
  | 'STORE_UNAVAILABLE'
  | 'NO_DATASET'
  /** A record (model, pair, answer, α) belongs to another dataset than the store holds: not written, not served. */
  | 'DATASET_MISMATCH'
  /** A job stopped because the dataset it works on is being replaced or deleted (an import or a clear, perhaps in another tab). */
  | 'DATASET_CHANGED'
  // general
  | 'ABORTED'
  | 'CONFIG_INVALID'
  | 'UNKNOWN_USER'
  | 'UNKNOWN_ITEM'
  | 'WORKER_FAILED'
  | 'DATASET_NOT_SERVED'
  // models
  | 'NOT_TRAINED'
  | 'BACKEND_UNAVAILABLE'
  | 'CHECKPOINT_INVALID'
  // evaluation
  | 'EVAL_NO_TARGETS'
  | 'EVAL_DUPLICATE_TARGET'
  | 'EVAL_MODEL_MISMATCH'
  | 'EVAL_BAD_SCORE'
  | 'EVAL_BAD_OPTION'
  // aggregation and augmentation
  | 'AGGREGATE_BAD_INPUT'
  | 'AUGMENT_BAD_BUDGET'
  // LLM
  | 'WEBGPU_UNAVAILABLE'
  | 'SHADER_F16_UNAVAILABLE'
  | 'INSUFFICIENT_MEMORY'
  | 'DEVICE_LOST'
  | 'MODEL_NOT_CACHED'
  | 'MODEL_LOAD_FAILED'
  | 'MODEL_UNKNOWN'
  | 'LLM_REQUEST_FAILED'
  | 'LLM_TIMEOUT'
  | 'LLM_BAD_RESPONSE'
  | 'PROMPT_TOO_LONG';

export interface RecErrorOptions {
  cause?: unknown;
}

export class RecError extends Error {
  readonly code: RecErrorCode;

  constructor(code: RecErrorCode, message: string, options: RecErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RecError';
    this.code = code;
  }
}

/** Thrown when an AbortSignal fires during long work; nothing half-done is kept. */
export class AbortedError extends RecError {
  constructor(what: string, options: RecErrorOptions = {}) {
    super('ABORTED', `${what} was cancelled; nothing was changed. Start it again to resume.`, options);
    this.name = 'AbortedError';
  }
}

/** Throws `AbortedError` if the signal has fired. Call between units of long work. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(what, { cause: signal.reason });
}

export function isRecError(value: unknown): value is RecError {
  return value instanceof RecError;
}
