import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureConsole } from '../../tests/helpers/cli/capture-console.ts';
import { run } from './export-instructions-command.ts';

afterEach(() => vi.restoreAllMocks());

describe('l4r export-instructions', () => {
  it("writes per-task samples of both tasks as JSONL, with the loop's k′ candidates and a full order", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'l4r-instr-'));
    try {
      const out = join(dir, 'set.jsonl');
      const { out: printed } = captureConsole({ silenceWarn: true });
      expect(await run(['--data', 'public/data/ml-latest-small', '--out', out, '--per-task', '40', '--seed', '3', '--epochs', '1', '--k-prime', '8'])).toBe(0);
      const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(80);
      const records = lines.map((line) => JSON.parse(line) as Record<string, string>);
      expect(records.every((r) => Object.keys(r).join() === 'instruction,input,output')).toBe(true);
      expect(records.filter((r) => /^[A-Z]+(, [A-Z]+){7}$/.test(r.output ?? ''))).toHaveLength(40);
      expect(records.filter((r) => /^[1-5]$/.test(r.output ?? ''))).toHaveLength(40);
      const text = printed.join('\n');
      expect(text).toContain('wrote 80 instructions (40 ranking, 40 rating');
      expect(text).toMatch(/1 rounds/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
