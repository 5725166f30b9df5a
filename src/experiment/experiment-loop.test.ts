import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExperiment } from './experiment-loop.ts';
import type { ExperimentRun } from './experiment-types.ts';
import { duration, progressLine, secondsLeft } from './progress-line.ts';
import { loadRunState, pendingRuns } from './run-state.ts';
import { SPEC } from '../../tests/helpers/experiment/two-row-experiment.ts';

let dir: string;
let stateFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'l4r-exp-'));
  stateFile = join(dir, 'state.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fakeRun = (row: string, seed: number): ExperimentRun => ({ row, seed, metrics: { 'HR@3': seed / 100, 'NDCG@3': seed / 200 } });

describe('an interrupted experiment', () => {
  it('continues where it stopped: finished (row, seed) runs are not run again', async () => {
    const calls: string[] = [];
    let clock = 0;
    const now = () => clock;
    const runOne = async (row: string, seed: number) => {
      calls.push(`${row}/${seed}`);
      clock += 10;
      if (calls.length === 4) throw new Error('killed');
      return fakeRun(row, seed);
    };
    await expect(runExperiment(SPEC, { stateFile, runOne, now })).rejects.toThrow('killed');
    expect(calls).toEqual(['backbone/1', 'backbone/2', 'backbone/3', 'backbone/4']);
    const state = await loadRunState(stateFile, SPEC);
    expect(state.runs.map((r) => `${r.row}/${r.seed}`)).toEqual(['backbone/1', 'backbone/2', 'backbone/3']);
    expect(pendingRuns(SPEC, state)).toHaveLength(7);

    calls.length = 0;
    const lines: string[] = [];
    const resumed = await runExperiment(SPEC, { stateFile, runOne: async (row, seed) => (calls.push(`${row}/${seed}`), (clock += 10), fakeRun(row, seed)), now, onProgress: (l) => lines.push(l) });
    expect(calls).toEqual(['backbone/4', 'backbone/5', 'full/1', 'full/2', 'full/3', 'full/4', 'full/5']);
    expect(resumed).toMatchObject({ resumed: 3, ran: 7 });
    expect(resumed.runs).toHaveLength(10);
    expect(lines[0]).toBe('[3/10 runs, now backbone, seed 4] 0s elapsed, time left: after the first run');
    expect(lines[1]).toBe('[4/10 runs, now backbone, seed 5] 10s elapsed, ~1m00s left');
    expect(lines.at(-1)).toBe('[10/10 runs] 1m10s elapsed, done');

    // A rerun of a finished experiment runs nothing.
    calls.length = 0;
    expect((await runExperiment(SPEC, { stateFile, runOne: async (r, s) => (calls.push(r), fakeRun(r, s)) })).ran).toBe(0);
    expect(calls).toEqual([]);
  });

  it("refuses another experiment's state file, and a damaged one, with what to do", async () => {
    await runExperiment(SPEC, { stateFile, runOne: async (r, s) => fakeRun(r, s) });
    await expect(loadRunState(stateFile, { ...SPEC, backbone: 'lightgcn' })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('another experiment') });
    // More seeds for the same experiment keep the finished ones.
    expect(pendingRuns({ ...SPEC, seeds: [...SPEC.seeds, 6] }, await loadRunState(stateFile, SPEC))).toEqual([
      { row: 'backbone', seed: 6 },
      { row: 'full', seed: 6 },
    ]);
    await writeFile(stateFile, '{"format":');
    await expect(loadRunState(stateFile, SPEC)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('delete it') });
  });

  it("keeps the sequential task's runs apart: a 'next' experiment neither resumes nor overwrites a ranking one's state", async () => {
    const next = { ...SPEC, title: 'Fixture on SASRec (next item), not an LLM', task: 'next' as const, backbone: 'sasrec' };
    await runExperiment(SPEC, { stateFile, runOne: async (r, s) => fakeRun(r, s) });
    await expect(runExperiment(next, { stateFile, runOne: async (r, s) => fakeRun(r, s) })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('another experiment') });
    const own = join(dir, 'next.json');
    const ran: string[] = [];
    const result = await runExperiment(next, { stateFile: own, runOne: async (r, s) => (ran.push(`${r}/${s}`), fakeRun(r, s)) });
    expect(result).toMatchObject({ resumed: 0, ran: 10 });
    expect(ran.slice(0, 2)).toEqual(['backbone/1', 'backbone/2']);
    expect((await loadRunState(stateFile, SPEC)).runs).toHaveLength(10);
  });

  it('writes the state whole: no temporary file is left behind', async () => {
    await runExperiment(SPEC, { stateFile, runOne: async (r, s) => fakeRun(r, s) });
    expect(JSON.parse(await readFile(stateFile, 'utf8')).runs).toHaveLength(10);
    await expect(readFile(`${stateFile}.tmp`)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the progress line', () => {
  it('estimates the time left from this session’s pace', () => {
    expect(secondsLeft({ done: 5, total: 30, sessionRuns: 2, sessionSeconds: 90 })).toBe(45 * 25);
    expect(progressLine({ done: 5, total: 30, sessionRuns: 2, sessionSeconds: 90, current: 'full, seed 2' })).toBe('[5/30 runs, now full, seed 2] 1m30s elapsed, ~18m45s left');
    expect(duration(3725)).toBe('1h02m');
    expect(duration(12.4)).toBe('12s');
  });
});
