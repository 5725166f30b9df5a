/**
 * The run-state file that lets an interrupted experiment continue where it stopped: the spec's
 * fingerprint and every finished (row, seed) run. It is rewritten whole after each run through a
 * temporary file and a rename (atomic on POSIX file systems), so a killed process leaves the
 * previous state or the new one, never half of either. Node only.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { RecError } from '../errors.ts';
import type { ExperimentRun, ExperimentSpec } from './experiment-types.ts';

export interface RunState {
  format: 'l4r-experiment-state';
  version: 1;
  /** `fingerprint(spec)` of the experiment these runs belong to. */
  fingerprint: string;
  runs: ExperimentRun[];
}

/** What must match for finished runs to count toward this experiment (not the title or the seed list: adding seeds keeps the rest). */
export function fingerprint(spec: ExperimentSpec): string {
  return JSON.stringify({
    dataset: spec.dataset,
    task: spec.task,
    backbone: spec.backbone,
    llm: spec.llm,
    metrics: spec.metrics,
    settings: Object.fromEntries(Object.entries(spec.settings ?? {}).sort(([a], [b]) => a.localeCompare(b))),
  });
}

/** The (row, seed) pairs still to run, row-major in the spec's order. */
export function pendingRuns(spec: ExperimentSpec, state: RunState): { row: string; seed: number }[] {
  const done = new Set(state.runs.map((r) => `${r.row}\u0000${r.seed}`));
  const out: { row: string; seed: number }[] = [];
  for (const row of spec.rows) for (const seed of spec.seeds) if (!done.has(`${row.id}\u0000${seed}`)) out.push({ row: row.id, seed });
  return out;
}

/** The state in `file`, or a fresh one when there is none. Throws CONFIG_INVALID for another experiment's state. */
export async function loadRunState(file: string, spec: ExperimentSpec): Promise<RunState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 'l4r-experiment-state', version: 1, fingerprint: fingerprint(spec), runs: [] };
    throw new RecError('STORE_UNAVAILABLE', `Cannot read the experiment state ${file}: ${String(error)}.`, { cause: error });
  }
  let state: Partial<RunState>;
  try {
    state = JSON.parse(text) as Partial<RunState>;
  } catch (error) {
    throw new RecError('CONFIG_INVALID', `The experiment state ${file} is not JSON; delete it to start the experiment over.`, { cause: error });
  }
  if (state.format !== 'l4r-experiment-state' || state.version !== 1 || !Array.isArray(state.runs)) {
    throw new RecError('CONFIG_INVALID', `${file} is not an experiment state file of this version; delete it to start the experiment over.`);
  }
  if (state.fingerprint !== fingerprint(spec)) {
    throw new RecError(
      'CONFIG_INVALID',
      `${file} holds runs of another experiment (different dataset, task, backbone, LLM or settings); ` +
        'use another output directory, or delete the file to start over.',
    );
  }
  return state as RunState;
}

/** Adds `run` (replacing an earlier run of the same row and seed) and writes the state atomically. */
export async function recordRun(file: string, state: RunState, run: ExperimentRun): Promise<RunState> {
  const next: RunState = { ...state, runs: [...state.runs.filter((r) => !(r.row === run.row && r.seed === run.seed)), run] };
  await writeAtomically(file, JSON.stringify(next, null, 1) + '\n');
  return next;
}

/** Writes through `<file>.tmp` and a rename: readers see the old file or the new one. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    throw new RecError('STORE_UNAVAILABLE', `Cannot write ${file}: ${String(error)}. Check the disk or the output directory.`, { cause: error });
  }
}
