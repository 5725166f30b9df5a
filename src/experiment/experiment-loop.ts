/**
 * Runs what is left of an experiment, one (row, seed) at a time, recording each finished run in
 * the run-state file before the next starts: an interrupted experiment (Ctrl-C, a crash, a killed
 * process) continues from the state file and redoes at most the run it was in. The run itself
 * (`runOne`) is the caller's: training the backbone, asking the LLM, tuning α, evaluating.
 */
import { throwIfAborted } from '../errors.ts';
import type { ExperimentRun, ExperimentSpec } from './experiment-types.ts';
import { progressLine } from './progress-line.ts';
import { loadRunState, pendingRuns, recordRun } from './run-state.ts';

export interface ExperimentLoopOptions {
  /** The run-state file (e.g. <out>/state.json). */
  stateFile: string;
  runOne: (row: string, seed: number) => Promise<ExperimentRun>;
  /** Called with a progress line before each run and after the last. */
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
  /** Clock in seconds (tests pass a fake one). */
  now?: () => number;
}

export async function runExperiment(spec: ExperimentSpec, options: ExperimentLoopOptions): Promise<{ runs: ExperimentRun[]; resumed: number; ran: number }> {
  const now = options.now ?? (() => performance.now() / 1000);
  let state = await loadRunState(options.stateFile, spec);
  const resumed = state.runs.length;
  const pending = pendingRuns(spec, state);
  const total = spec.rows.length * spec.seeds.length;
  let sessionSeconds = 0;
  let ran = 0;
  for (const { row, seed } of pending) {
    throwIfAborted(options.signal, 'The experiment');
    options.onProgress?.(progressLine({ done: total - pending.length + ran, total, sessionRuns: ran, sessionSeconds, current: `${row}, seed ${seed}` }));
    const started = now();
    const run = await options.runOne(row, seed);
    const seconds = now() - started;
    state = await recordRun(options.stateFile, state, { ...run, row, seed, seconds: run.seconds ?? seconds });
    sessionSeconds += seconds;
    ran++;
  }
  options.onProgress?.(progressLine({ done: total, total, sessionRuns: ran, sessionSeconds }));
  const wanted = new Set(spec.rows.flatMap((r) => spec.seeds.map((s) => `${r.id}\u0000${s}`)));
  return { runs: state.runs.filter((r) => wanted.has(`${r.row}\u0000${r.seed}`)), resumed, ran };
}
