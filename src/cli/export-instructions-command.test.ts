import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './export-instructions-command.ts';

afterEach(() => vi.restoreAllMocks());

describe('l4r export-instructions', () => {
  it('writes per-task samples of both tasks as JSONL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'l4r-instr-'));
    try {
      const out = join(dir, 'set.jsonl');
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      expect(await run(['--data', 'public/data/ml-latest-small', '--out', out, '--per-task', '40', '--seed', '3'])).toBe(0);
      const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(80);
      const records = lines.map((line) => JSON.parse(line) as Record<string, string>);
      expect(records.every((r) => Object.keys(r).join() === 'instruction,input,output')).toBe(true);
      expect(records.filter((r) => /^[A-J], [A-J], [A-J]$/.test(r.output ?? ''))).toHaveLength(40);
      expect(records.filter((r) => /^[1-5]$/.test(r.output ?? ''))).toHaveLength(40);
      expect(log.mock.calls.flat().join('\n')).toContain('wrote 80 instructions (40 ranking, 40 rating');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
