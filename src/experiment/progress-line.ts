/**
 * One line of progress for a long experiment, with the time left estimated from the runs
 * finished in this session (runs resumed from the state file took no time here, so they do not
 * count toward the rate).
 */

export interface ExperimentProgress {
  /** Runs finished, the resumed ones included. */
  done: number;
  total: number;
  /** Runs finished in this session and the seconds they took. */
  sessionRuns: number;
  sessionSeconds: number;
  /** What runs now, e.g. "full, seed 3". */
  current?: string;
}

/** "1h02m", "4m05s", "12s". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Seconds left at this session's pace; NaN before the first run of the session finished. */
export function secondsLeft(p: ExperimentProgress): number {
  if (p.sessionRuns === 0) return Number.NaN;
  return (p.sessionSeconds / p.sessionRuns) * Math.max(0, p.total - p.done);
}

export function progressLine(p: ExperimentProgress): string {
  const left = secondsLeft(p);
  const eta = p.done >= p.total ? 'done' : Number.isNaN(left) ? 'time left: after the first run' : `~${duration(left)} left`;
  const now = p.current && p.done < p.total ? `, now ${p.current}` : '';
  return `[${p.done}/${p.total} runs${now}] ${duration(p.sessionSeconds)} elapsed, ${eta}`;
}
