/**
 * The bridge from stored augmentation records to MF training (D' = D ∪ D_aug): the records the
 * caller wants, as the `Triples` the BPR sampler appends to every epoch (src/models/bpr-sampler.ts).
 * The ablation switch is simply not passing them; the filters let a caller keep one kind, a
 * confidence floor or one model's answers.
 */
import type { AugmentedPairRecord } from '../data/db.ts';
import type { Triples } from '../models/bpr-sampler.ts';
import { AugmentError } from '../augment/augment-error.ts';

export interface TripleFilter {
  /** Record kinds to keep; default both ('pair' and 'sequential'). */
  kinds?: readonly AugmentedPairRecord['kind'][];
  /** Keep records at least this sure (0..1); default 0. */
  minConfidence?: number;
  /** Keep only this model's answers; default any. */
  modelId?: string;
}

export function triplesFromRecords(records: readonly AugmentedPairRecord[], filter: TripleFilter = {}): Triples {
  const minConfidence = filter.minConfidence ?? 0;
  if (!(minConfidence >= 0 && minConfidence <= 1)) {
    throw new AugmentError(`minConfidence must be between 0 and 1 (got ${String(filter.minConfidence)}).`);
  }
  const kinds = new Set(filter.kinds ?? ['pair', 'sequential']);
  const kept = records.filter(
    (r) => kinds.has(r.kind) && r.confidence >= minConfidence && (filter.modelId === undefined || r.modelId === filter.modelId),
  );
  return {
    user: Int32Array.from(kept, (r) => r.user),
    positive: Int32Array.from(kept, (r) => r.pos),
    negative: Int32Array.from(kept, (r) => r.neg),
  };
}
