/**
 * What each format's values must be: ids, the rating scale and the timestamp unit. MovieLens
 * formats follow their documentation; generic files take any text id, a declared or inferred
 * rating scale, and seconds, milliseconds or ISO dates.
 */
import type { DatasetFormat } from '../types.ts';
import { parseId, parseIntegerId, type IdRule } from './fields.ts';
import {
  declaredScale,
  FixedRatingScale,
  InferredRatingScale,
  MOVIELENS_HALF_STAR_SCALE,
  MOVIELENS_WHOLE_STAR_SCALE,
  type DeclaredRatingScale,
  type RatingRule,
} from './rating-scale.ts';
import { DetectedUnitTimestamps, WholeSecondsTimestamps, type TimestampRule } from './timestamps.ts';

export interface ValueRules {
  /** Item ids, in the item file and in the interaction file alike. */
  itemId: IdRule;
  userId: IdRule;
  rating: RatingRule;
  timestamp: TimestampRule;
}

const GENERIC_HINT = 'for another scale, import the files as format "generic-csv" or declare the scale (import option ratingScale)';

/** Fresh rules (they keep per-file state: the inferred scale, the detected time unit) for one import. */
export function valueRules(format: DatasetFormat, declared?: DeclaredRatingScale): ValueRules {
  const scale = declared === undefined ? undefined : declaredScale(declared);
  const fixed = (formatScale: typeof MOVIELENS_HALF_STAR_SCALE) =>
    scale ? new FixedRatingScale(scale, 'or declare another scale (import option ratingScale)') : new FixedRatingScale(formatScale, GENERIC_HINT);
  switch (format) {
    case 'movielens-csv':
      return { itemId: parseIntegerId, userId: parseIntegerId, rating: fixed(MOVIELENS_HALF_STAR_SCALE), timestamp: new WholeSecondsTimestamps() };
    case 'movielens-100k':
    case 'movielens-1m':
      return { itemId: parseIntegerId, userId: parseIntegerId, rating: fixed(MOVIELENS_WHOLE_STAR_SCALE), timestamp: new WholeSecondsTimestamps() };
    case 'generic-csv':
    case 'generic-json':
      return {
        itemId: parseId,
        userId: parseId,
        rating: scale ? new FixedRatingScale(scale, 'or declare another scale (import option ratingScale)') : new InferredRatingScale(),
        timestamp: new DetectedUnitTimestamps(),
      };
  }
}
