/**
 * The dataset as importers produce it, the store holds it and models consume it.
 * Users and items get dense integer indices (0..n-1) mapped to and from the dataset's own ids.
 */

export type DatasetFormat =
  | 'movielens-csv' // ratings.csv + movies.csv (latest, 25M, latest-small)
  | 'movielens-100k' // u.data + u.item
  | 'movielens-1m' // ratings.dat + movies.dat
  | 'generic-csv' // user,item[,rating][,timestamp] (+ optional item file)
  | 'generic-json'; // [{user,item,rating?,timestamp?}] (+ optional item file)

/** Where an attribute value came from: the dataset itself, or filled in by the LLM (augmentation). */
export type AttributeSource = 'dataset' | 'llm';

export interface ItemRecord {
  /** Dense index, 0..items.length-1. */
  index: number;
  /** The dataset's own id, as text. */
  id: string;
  title: string;
  year?: number;
  genres: string[];
  /** Other attributes (director, stars, …), with where each came from. */
  attributes?: Record<string, ItemAttribute>;
}

/** One item attribute value and its provenance. */
export interface ItemAttribute {
  value: string;
  source: AttributeSource;
  /** For source 'llm': the model that answered and the prompt version it was asked with. */
  modelId?: string;
  promptVersion?: string;
}

export interface UserRecord {
  /** Dense index, 0..users.length-1. */
  index: number;
  /** The dataset's own id, as text. */
  id: string;
}

/** One interaction (a user's history lists these; IndexedDB keeps them per user, see db.ts). */
export interface InteractionRecord {
  user: number;
  item: number;
  /** Explicit rating, or null for implicit feedback. */
  rating: number | null;
  /** Seconds since the epoch; when a format has none, the row's position in the file. */
  timestamp: number;
}

/** Interactions column by column: what training and evaluation iterate over. */
export interface InteractionTable {
  length: number;
  user: Int32Array;
  item: Int32Array;
  /** NaN where the interaction has no rating. */
  rating: Float32Array;
  timestamp: Float64Array;
}

export interface Dataset {
  /** A short name, e.g. "ml-latest-small". */
  name: string;
  format: DatasetFormat;
  items: ItemRecord[];
  users: UserRecord[];
  interactions: InteractionTable;
  /** The scale the ratings were checked against (set by the importer; absent without ratings). */
  ratingScale?: RatingScale;
  /** How the file gave its times (set by the importer); `timestamp` is always seconds. */
  timestampUnit?: TimestampUnit;
}

/**
 * A rating scale: every rating r has min ≤ r ≤ max and, with a step, r = min + k·step.
 * `source`: 'format' (documented by the format, e.g. MovieLens 100K: 1–5 in whole stars),
 * 'declared' (given by the caller in the import options) or 'inferred' (the smallest and largest
 * rating of the file, and the finest of the steps 1 and 0.5 that every rating is on).
 */
export interface RatingScale {
  min: number;
  max: number;
  step?: number;
  source: 'format' | 'declared' | 'inferred';
}

/**
 * The unit of a file's timestamps: numbers in seconds or milliseconds since 1970 (detected
 * per file), ISO 8601 dates, or no timestamp column ('row-order': the row index stands in).
 */
export type TimestampUnit = 'seconds' | 'milliseconds' | 'iso-8601' | 'row-order';

/** Row indices into an InteractionTable. */
export interface Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * The paper's three tasks: 'ranking' (top-k, BPR-MF or LightGCN), 'next' (sequential: the next
 * item, SASRec) and 'rating' (biased MF). Named RecTask, not Task, so it never clashes with
 * `@lit/task`'s Task in a page that uses both.
 */
export type RecTask = 'ranking' | 'next' | 'rating';

export const REC_TASKS: readonly RecTask[] = ['ranking', 'next', 'rating'];
