/**
 * The CLI's answer cache: LLM answers on disk, keyed as in the page (answer-cache.ts `answerKey`:
 * model id + SHA-256 of the canonical request), shared by every row, seed and rerun of an
 * experiment, so the same question is never asked twice. Node only.
 *
 * One append-only JSON Lines file, one answer per line: appending a line is one `write` to a file
 * opened O_APPEND, so a killed process loses at most the line it was writing, and reading skips a
 * line that does not parse (that torn tail) instead of failing. The next writer starts on a fresh
 * line. A key written twice (two processes asked at once) keeps the last answer; both are the
 * same question's answer.
 */
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RecError } from '../../errors.ts';
import { MemoryAnswerCache, type CachedAnswer } from '../answer-cache.ts';
import { CachedLlmEngine } from '../cached-engine.ts';
import type { ChatResponse, LlmEngine } from '../engine.ts';

export const ANSWER_FILE = 'answers.jsonl';

interface AnswerLine extends CachedAnswer {
  key: string;
}

export interface DiskCacheLoad {
  /** Answers read from disk. */
  answers: number;
  /** Lines that did not parse as an answer (a write cut off by a killed process), skipped. */
  skippedLines: number;
}

/** The answers in memory (what `get` reads), each also a line of the file. */
export class DiskAnswerCache extends MemoryAnswerCache {
  /** True once the file is known to end in a newline (or to be empty). */
  private lineStart = true;

  private constructor(readonly file: string) {
    super();
  }

  /** The cache in directory `dir` (created if missing), with every answer already on disk loaded. */
  static async open(dir: string): Promise<{ cache: DiskAnswerCache; load: DiskCacheLoad }> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new RecError('STORE_UNAVAILABLE', `Cannot create the answer cache directory ${dir}: ${String(error)}. Pass another --cache directory.`, { cause: error });
    }
    const cache = new DiskAnswerCache(join(dir, ANSWER_FILE));
    return { cache, load: await cache.load() };
  }

  override async put(key: string, value: CachedAnswer): Promise<void> {
    const line: AnswerLine = { key, model: value.model, prompt: value.prompt, response: value.response, createdAt: value.createdAt };
    // A torn last line from a killed writer: end it first, so this answer is a line of its own.
    const text = (this.lineStart ? '' : '\n') + JSON.stringify(line) + '\n';
    try {
      await appendFile(this.file, text, 'utf8');
    } catch (error) {
      throw new RecError('STORE_UNAVAILABLE', `Cannot write the answer cache ${this.file}: ${String(error)}. Check the disk, or pass another --cache directory.`, { cause: error });
    }
    this.lineStart = true;
    await super.put(key, value);
  }

  private async load(): Promise<DiskCacheLoad> {
    let text: string;
    try {
      if (!(await stat(this.file)).isFile()) throw new Error('not a file');
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { answers: 0, skippedLines: 0 };
      throw new RecError('STORE_UNAVAILABLE', `Cannot read the answer cache ${this.file}: ${String(error)}.`, { cause: error });
    }
    let skippedLines = 0;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      const line = parseLine(raw);
      if (!line) {
        skippedLines++;
        continue;
      }
      const { key, ...answer } = line;
      await super.put(key, answer);
    }
    this.lineStart = text.length === 0 || text.endsWith('\n');
    return { answers: this.size, skippedLines };
  }
}

function parseLine(raw: string): AnswerLine | null {
  try {
    const value = JSON.parse(raw) as Partial<AnswerLine>;
    const response = value.response as Partial<ChatResponse> | undefined;
    if (typeof value.key !== 'string' || typeof value.model !== 'string' || typeof value.prompt !== 'string') return null;
    if (!response || typeof response.text !== 'string' || typeof response.finishReason !== 'string') return null;
    return { key: value.key, model: value.model, prompt: value.prompt, response: response as ChatResponse, createdAt: Number(value.createdAt) || 0 };
  } catch {
    return null;
  }
}

/** `engine` answered through the disk cache in `dir`: `hits` and `misses` count this engine's questions. */
export async function diskCachedEngine(engine: LlmEngine, dir: string): Promise<{ engine: CachedLlmEngine; load: DiskCacheLoad }> {
  const { cache, load } = await DiskAnswerCache.open(dir);
  return { engine: new CachedLlmEngine(engine, cache), load };
}
