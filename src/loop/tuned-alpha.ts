/**
 * Where the tuned α1, α2 live: a record in the store's checkpoints (one per task), so a reload
 * reuses them instead of tuning again. Written by `tuneAlpha` (tune-alpha.ts).
 */
import type { TunedAlphaRecord } from '../aggregate/tune.ts';
import type { RecStore } from '../data/store.ts';

export function tunedAlphaKey(task: TunedAlphaRecord['task']): string {
  return `tuned-alpha/${task}`;
}

export async function readTunedAlpha(store: Pick<RecStore, 'getCheckpoint'>, task: TunedAlphaRecord['task']): Promise<TunedAlphaRecord | null> {
  const value = (await store.getCheckpoint(tunedAlphaKey(task)))?.value as Partial<TunedAlphaRecord> | undefined;
  // A record from an older build without both numbers is ignored, not trusted.
  return value && typeof value.alpha1 === 'number' && typeof value.alpha2 === 'number' ? (value as TunedAlphaRecord) : null;
}

export async function writeTunedAlpha(store: Pick<RecStore, 'putCheckpoint'>, record: TunedAlphaRecord): Promise<void> {
  await store.putCheckpoint(tunedAlphaKey(record.task), record);
}
