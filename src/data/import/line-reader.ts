/**
 * Streams a file line by line: bytes are decoded chunk by chunk and split on "\n" (a "\r"
 * before it is dropped, so CRLF and LF both work). Nothing but the current partial line is
 * kept between chunks, so a multi-gigabyte file needs no more memory than its longest line.
 */
import { throwIfAborted } from '../../errors.ts';
import { ImportError } from './import-error.ts';
import type { DatasetFile } from './source.ts';

export type TextEncodingName = 'utf-8' | 'latin1';

/** Longest line accepted (in characters). Real dataset lines are under a few KiB. */
export const MAX_LINE_LENGTH = 1024 * 1024;

export interface LineReaderOptions {
  encoding: TextEncodingName;
  maxLineLength?: number;
  signal?: AbortSignal;
  /** Called after each chunk with that chunk's size in bytes (for progress). */
  onBytes?: (bytes: number) => void;
}

/**
 * Calls `onLine` for every line (1-based numbers). Returning `false` stops reading early
 * (format detection only needs the header). Resolves with the number of lines read.
 */
export async function forEachLine(
  file: DatasetFile,
  options: LineReaderOptions,
  onLine: (line: string, lineNumber: number) => void | boolean,
): Promise<number> {
  const maxLength = options.maxLineLength ?? MAX_LINE_LENGTH;
  // Fatal UTF-8 decoding: a latin-1 file read as UTF-8 should fail loudly, not import
  // titles full of U+FFFD. 'latin1' is windows-1252 in TextDecoder, which never fails.
  const decoder = new TextDecoder(options.encoding, { fatal: options.encoding === 'utf-8' });
  const reader = openReader(file);
  let rest = '';
  let lineNumber = 0;
  let finished = false;
  try {
    for (;;) {
      throwIfAborted(options.signal, `Reading ${file.name}`);
      const { done, value } = await read(reader, file.name, lineNumber + 1);
      const text = decode(decoder, value, done, file.name, lineNumber + 1);
      if (value) options.onBytes?.(value.byteLength);
      const buffer = rest.length > 0 ? rest + text : text;
      let start = 0;
      for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n', start)) {
        const end = newline > start && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        lineNumber++;
        if (end - start > maxLength) throw tooLong(file.name, lineNumber, maxLength);
        if (onLine(buffer.slice(start, end), lineNumber) === false) return lineNumber;
        start = newline + 1;
      }
      rest = start === 0 ? buffer : buffer.slice(start);
      if (rest.length > maxLength) throw tooLong(file.name, lineNumber + 1, maxLength);
      if (done) {
        finished = true;
        if (rest.length > 0) {
          lineNumber++;
          const last = rest.charCodeAt(rest.length - 1) === 13 ? rest.slice(0, -1) : rest;
          onLine(last, lineNumber);
        }
        return lineNumber;
      }
    }
  } finally {
    // Stopping early (or failing) must release the file / connection.
    if (!finished) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
}

function openReader(file: DatasetFile): ReadableStreamDefaultReader<Uint8Array> {
  try {
    return file.stream().getReader();
  } catch (cause) {
    throw unreadable(file.name, undefined, cause);
  }
}

async function read(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  name: string,
  line: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (cause) {
    if (cause instanceof ImportError) throw cause;
    throw unreadable(name, line, cause);
  }
}

function decode(
  decoder: TextDecoder,
  value: Uint8Array | undefined,
  done: boolean,
  name: string,
  line: number,
): string {
  try {
    return done ? decoder.decode() : decoder.decode(value, { stream: true });
  } catch (cause) {
    throw new ImportError('IMPORT_UNREADABLE', {
      file: name,
      line,
      problem: 'the file is not valid UTF-8 text',
      fix: 'Save it as UTF-8, or if it is a MovieLens 100K/1M file (latin-1), keep its original name (u.item, movies.dat) so it is read as latin-1',
      cause,
    });
  }
}

function unreadable(name: string, line: number | undefined, cause: unknown): ImportError {
  const details = {
    file: name,
    problem: `the file could not be read (${cause instanceof Error ? cause.message : String(cause)})`,
    fix: 'Check that the file exists, is not a folder and that you may read it, then try again',
    cause,
  };
  return new ImportError('IMPORT_UNREADABLE', line === undefined ? details : { ...details, line });
}

function tooLong(name: string, line: number, max: number): ImportError {
  return new ImportError('IMPORT_LINE_TOO_LONG', {
    file: name,
    line,
    problem: `the line is longer than ${max} characters, which no rating or item row needs`,
    fix: 'Check that this is a text dataset file with one row per line (not a binary or a minified single-line file)',
  });
}
