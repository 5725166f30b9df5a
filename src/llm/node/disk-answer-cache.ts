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
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
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
    await super.put(key, withoutPrompt(value));
  }

  /** Reads the file line by line: an experiment's cache grows past the longest string V8 can hold. */
  private async load(): Promise<DiskCacheLoad> {
    let size: number;
    try {
      const info = await stat(this.file);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { answers: 0, skippedLines: 0 };
      throw new RecError('STORE_UNAVAILABLE', `Cannot read the answer cache ${this.file}: ${String(error)}.`, { cause: error });
    }
    let skippedLines = 0;
    try {
      const lines = createInterface({ input: createReadStream(this.file, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const raw of lines) {
        if (raw.trim() === '') continue;
        const line = parseLine(raw);
        if (!line) {
          skippedLines++;
          continue;
        }
        const { key, ...answer } = line;
        await super.put(key, withoutPrompt(answer));
      }
    } catch (error) {
      throw new RecError('STORE_UNAVAILABLE', `Cannot read the answer cache ${this.file}: ${String(error)}.`, { cause: error });
    }
    this.lineStart = size === 0 || (await endsWithNewline(this.file, size));
    return { answers: this.size, skippedLines };
  }
}

/** Whether the file's last byte is a line break (a killed writer may have left half a line). */
async function endsWithNewline(file: string, size: number): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * What stays in memory: the answer without its prompt text. The file keeps the prompt for people to
 * read; an experiment holds hundreds of thousands of answers, and the prompts would be most of the memory.
 */
function withoutPrompt(answer: CachedAnswer): CachedAnswer {
  return { ...answer, prompt: '' };
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
