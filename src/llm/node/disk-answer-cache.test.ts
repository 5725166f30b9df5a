import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../engine.ts';
import { ScriptedLlmDouble } from '../../testing/test-double.ts';
import { ANSWER_FILE, DiskAnswerCache, diskCachedEngine } from './disk-answer-cache.ts';

const ask = (content: string): ChatRequest => ({ messages: [{ role: 'user', content }], maxTokens: 8, temperature: 0 });
const echo = () => new ScriptedLlmDouble((r) => `echo ${r.messages[0]!.content}`, { name: 'echo' });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'l4r-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the on-disk answer cache', () => {
  it('answers a question a second row asks again, and a rerun asks the engine nothing', async () => {
    // Row 1 (e.g. the full model) and row 2 (e.g. without data augmentation) share the cache.
    const row1 = echo();
    const first = await diskCachedEngine(row1, dir);
    expect(first.load).toEqual({ answers: 0, skippedLines: 0 });
    for (const q of ['a', 'b']) await first.engine.chat(ask(q));
    const row2 = echo();
    const second = await diskCachedEngine(row2, dir);
    expect(second.load.answers).toBe(2);
    for (const q of ['b', 'c']) expect((await second.engine.chat(ask(q))).text).toBe(`echo ${q}`);
    expect(row2.requests.map((r) => r.messages[0]!.content)).toEqual(['c']);
    expect([second.engine.hits, second.engine.misses]).toEqual([1, 1]);

    // The rerun: a new process would open the same directory; every answer is on disk.
    const rerun = echo();
    const third = await diskCachedEngine(rerun, dir);
    expect(third.load.answers).toBe(3);
    for (const q of ['a', 'b', 'c']) expect((await third.engine.chat(ask(q))).text).toBe(`echo ${q}`);
    expect(rerun.requests).toHaveLength(0);
    // The file keeps what was asked, for people; memory keeps the answers only.
    const lines = (await readFile(join(dir, ANSWER_FILE), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { prompt: string });
    expect(lines[0]!.prompt).toContain('"content":"a"');
    const { cache } = await DiskAnswerCache.open(dir);
    expect([...(await cache.get(JSON.parse((await readFile(join(dir, ANSWER_FILE), 'utf8')).split('\n')[0]!).key))!.prompt]).toEqual([]);
    expect([third.engine.hits, third.engine.misses]).toEqual([3, 0]);
  });

  it('keys by model: another model is asked again', async () => {
    await (await diskCachedEngine(echo(), dir)).engine.chat(ask('a'));
    const other = new ScriptedLlmDouble(() => 'other', { name: 'other' });
    const { engine } = await diskCachedEngine(other, dir);
    expect((await engine.chat(ask('a'))).text).toBe('other');
    expect(other.requests).toHaveLength(1);
  });

  it('skips a line a killed writer left half-written, and the next answer still lands on a line of its own', async () => {
    const { engine } = await diskCachedEngine(echo(), dir);
    await engine.chat(ask('a'));
    await appendFile(join(dir, ANSWER_FILE), '{"key":"test-double/echo:abc","model":"test-dou');
    const reopened = await DiskAnswerCache.open(dir);
    expect(reopened.load).toEqual({ answers: 1, skippedLines: 1 });
    const again = echo();
    const next = await diskCachedEngine(again, dir);
    await next.engine.chat(ask('b'));
    const last = await DiskAnswerCache.open(dir);
    expect(last.load).toEqual({ answers: 2, skippedLines: 1 });
    expect((await readFile(join(dir, ANSWER_FILE), 'utf8')).endsWith('\n')).toBe(true);
  });

  it('keeps every complete answer when the writing process is killed mid-run', async () => {
    // A child appends answers as fast as it can and is killed with SIGKILL once it has written some.
    const child = `
      const { appendFileSync } = require('node:fs');
      const file = process.argv[1];
      const line = (k) => JSON.stringify({ key: 'm:' + k, model: 'm', prompt: 'p'.repeat(5000), response: { text: 't' + k, finishReason: 'stop' }, createdAt: k }) + '\\n';
      for (let k = 0; ; k++) appendFileSync(file, line(k));`;
    const file = join(dir, ANSWER_FILE);
    await new Promise<void>((resolve) => {
      const proc = execFile(process.execPath, ['-e', child, file], () => resolve());
      const poll = setInterval(() => {
        stat(file).then((s) => {
          if (s.size > 200_000) {
            clearInterval(poll);
            proc.kill('SIGKILL');
          }
        }, () => {});
      }, 10);
    });
    const { cache, load } = await DiskAnswerCache.open(dir);
    expect(load.answers).toBeGreaterThan(0);
    expect(load.skippedLines).toBeLessThanOrEqual(1);
    // Every answer read back is whole: the first and the last one loaded.
    expect((await cache.get('m:0'))?.response.text).toBe('t0');
    expect((await cache.get(`m:${load.answers - 1}`))?.response.text).toBe(`t${load.answers - 1}`);
  });
});
