/**
 * The checkpoint each training variant trains into:
 *   'mf-rating'             biased MF for ratings;
 *   'mf-bpr', 'lightgcn'    the ranking backbone on D;
 *   'sasrec'                the 'next' task's sequence model on D;
 *   '<model>+aug-<n>'       the model on D ∪ D_aug with n augmented records (the ranking task's
 *                           'pair' answers, the 'next' task's 'sequential' ones), so a run after
 *                           more augmentation starts afresh instead of reusing the older model,
 *                           while a run interrupted by a reload resumes its own checkpoint.
 */
import type { AugmentedPairRecord } from '../data/db.ts';
import type { RecTask } from '../data/types.ts';
import { rankingKind, type RankingBackbone } from '../models/trained-checkpoint.ts';

const AUGMENTED_MARK = '+aug-';

export function checkpointName(task: RecTask, augmentedPairs: number, backbone: RankingBackbone = 'mf'): string {
  if (task === 'rating') return 'mf-rating';
  const base = task === 'next' ? 'sasrec' : rankingKind(backbone);
  return augmentedPairs > 0 ? `${base}${AUGMENTED_MARK}${augmentedPairs}` : base;
}

/** A model trained on D ∪ D_aug: superseded by the next one, it is deleted rather than kept. */
export function isAugmentedCheckpoint(name: string): boolean {
  return name.includes(AUGMENTED_MARK);
}

/** The kind of augmentation record a task's models train with (none for ratings: attributes instead). */
export function augmentationKind(task: RecTask): AugmentedPairRecord['kind'] | null {
  if (task === 'rating') return null;
  return task === 'next' ? 'sequential' : 'pair';
}

/** The augmented pairs a checkpoint name says its model trains with (0: D alone, or a rating model). */
export function augmentedPairsOf(name: string): number {
  return isAugmentedCheckpoint(name) ? Number(name.slice(name.indexOf(AUGMENTED_MARK) + AUGMENTED_MARK.length)) : 0;
}
