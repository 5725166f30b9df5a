/**
 * The checkpoint each training variant trains into:
 *   'mf-rating'             biased MF for ratings;
 *   'mf-bpr'                BPR-MF on D;
 *   'mf-bpr+aug-<n>'        BPR-MF on D ∪ D_aug with n augmented pairs, so a run after more
 *                           augmentation starts afresh instead of reusing the older model, while a
 *                           run interrupted by a reload resumes its own checkpoint.
 */
import type { RecTask } from '../data/types.ts';

const AUGMENTED_PREFIX = 'mf-bpr+aug-';

export function checkpointName(task: RecTask, augmentedPairs: number): string {
  if (task === 'rating') return 'mf-rating';
  return augmentedPairs > 0 ? `${AUGMENTED_PREFIX}${augmentedPairs}` : 'mf-bpr';
}

/** A model trained on D ∪ D_aug: superseded by the next one, it is deleted rather than kept. */
export function isAugmentedCheckpoint(name: string): boolean {
  return name.startsWith(AUGMENTED_PREFIX);
}

/** The augmented pairs a checkpoint name says its model trains with (0: D alone, or a rating model). */
export function augmentedPairsOf(name: string): number {
  return isAugmentedCheckpoint(name) ? Number(name.slice(AUGMENTED_PREFIX.length)) : 0;
}
