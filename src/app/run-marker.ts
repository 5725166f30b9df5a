/**
 * "This tab was running a job when it went away": set when the demo starts training or
 * augmentation, cleared when the run ends (finished, cancelled, failed, stopped by another tab).
 * A reload keeps it (sessionStorage belongs to the tab and survives reloads), so the reloaded page
 * knows to continue the run from its last committed epoch or pair instead of waiting for a click;
 * a run the person cancelled, or one another tab left behind, is only offered, not restarted.
 */
export interface RunMarker<T extends object> {
  /** What the interrupted run was asked with (null: no run was interrupted in this tab). */
  get(): T | null;
  set(value: T): void;
  clear(): void;
}

/** The marker of one job kind in this tab's sessionStorage (none where storage is unavailable). */
export function sessionRunMarker<T extends object>(job: 'training' | 'training-next' | 'augmentation'): RunMarker<T> {
  const key = `llama4rec-web:running:${job}`;
  const storage = (): Storage | undefined => {
    try {
      return globalThis.sessionStorage;
    } catch {
      // A sandboxed frame may refuse storage: then a reload simply offers the run.
      return undefined;
    }
  };
  return {
    get() {
      const raw = storage()?.getItem(key);
      if (!raw) return null;
      try {
        const value: unknown = JSON.parse(raw);
        return typeof value === 'object' && value !== null ? (value as T) : null;
      } catch {
        return null;
      }
    },
    set(value) {
      storage()?.setItem(key, JSON.stringify(value));
    },
    clear() {
      storage()?.removeItem(key);
    },
  };
}

/** A marker kept in memory (tests; pages without storage). */
export function memoryRunMarker<T extends object>(initial: T | null = null): RunMarker<T> {
  let value = initial;
  return {
    get: () => value,
    set: (next) => void (value = next),
    clear: () => void (value = null),
  };
}
