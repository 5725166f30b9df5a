/**
 * Streams a file line by line: bytes are decoded chunk by chunk and split into lines. A file's
 * line ends are told from its first line break: "\n" (a "\r" before it is dropped, so CRLF and
 * LF both work) or, for old Mac files, a lone "\r". Nothing but the current partial line is
 * kept between chunks, so a multi-gigabyte file needs no more memory than its longest line.
 */
import { throwIfAborted } from '../../errors.ts';
import { ImportError } from './import-error.ts';
import type { DatasetFile } from './source.ts';
import { countBytes, firstInvalidUtf8, pendingContinuations } from './utf8-position.ts';

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

const LF = 10;
const CR = 13;
/** Line ends not known yet (no line break seen). */
const UNKNOWN = 0;

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
  let lineEnd = UNKNOWN;
  let previous: Uint8Array | undefined;
  let finished = false;
  try {
    for (;;) {
      throwIfAborted(options.signal, `Reading ${file.name}`);
      const { done, value } = await read(reader, file.name, lineNumber + 1);
      let text: string;
      try {
        text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      } catch (cause) {
        throw notUtf8(file.name, lineNumber, lineEnd, done ? undefined : value, previous, cause);
      }
      if (value) {
        options.onBytes?.(value.byteLength);
        previous = value;
      }
      const buffer = rest.length > 0 ? rest + text : text;
      if (lineEnd === UNKNOWN) lineEnd = lineEndOf(buffer);
      let start = 0;
      if (lineEnd !== UNKNOWN) {
        const separator = lineEnd === LF ? '\n' : '\r';
        for (let at = buffer.indexOf(separator); at !== -1; at = buffer.indexOf(separator, start)) {
          const end = lineEnd === LF && at > start && buffer.charCodeAt(at - 1) === CR ? at - 1 : at;
          lineNumber++;
          if (end - start > maxLength) throw tooLong(file.name, lineNumber, maxLength);
          if (onLine(buffer.slice(start, end), lineNumber) === false) return lineNumber;
          start = at + 1;
        }
      }
      rest = start === 0 ? buffer : buffer.slice(start);
      if (rest.length > maxLength) throw tooLong(file.name, lineNumber + 1, maxLength);
      if (done) {
        finished = true;
        if (rest.length > 0) {
          lineNumber++;
          const last = rest.charCodeAt(rest.length - 1) === CR ? rest.slice(0, -1) : rest;
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

/**
 * LF when the first line break is "\n" or "\r\n"; CR when it is a "\r" followed by anything
 * else; UNKNOWN while no break (or only a "\r" at the very end, maybe half a CRLF) was seen.
 */
function lineEndOf(buffer: string): number {
  const lf = buffer.indexOf('\n');
  const cr = buffer.indexOf('\r');
  if (cr === -1) return lf === -1 ? UNKNOWN : LF;
  if (lf !== -1 && lf <= cr + 1) return LF;
  return cr + 1 < buffer.length ? CR : UNKNOWN;
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

/**
 * IMPORT_UNREADABLE at the line of the first bad byte: the lines read so far, plus the line
 * breaks of this chunk before that byte (`chunk` undefined: the file ended inside a character).
 */
function notUtf8(
  name: string,
  linesRead: number,
  lineEnd: number,
  chunk: Uint8Array | undefined,
  previous: Uint8Array | undefined,
  cause: unknown,
): ImportError {
  let line = linesRead + 1;
  let byte = '';
  if (chunk) {
    const found = firstInvalidUtf8(chunk, pendingContinuations(previous));
    const at = found === -1 ? chunk.length : found;
    const lfs = countBytes(chunk, LF, at);
    line += lineEnd === CR || (lineEnd === UNKNOWN && lfs === 0) ? countBytes(chunk, CR, at) : lfs;
    if (found !== -1) byte = ` (byte 0x${chunk[found]!.toString(16).toUpperCase().padStart(2, '0')})`;
  }
  return new ImportError('IMPORT_UNREADABLE', {
    file: name,
    line,
    problem: `the file is not valid UTF-8 text${byte}`,
    fix: 'Save it as UTF-8, or if it is a MovieLens 100K/1M file (latin-1), keep its original name (u.item, movies.dat) so it is read as latin-1',
    cause,
  });
}

function unreadable(name: string, line: number | undefined, cause: unknown): ImportError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const details = {
    file: name,
    problem: `the file could not be read (${message.length > 120 ? `${message.slice(0, 120)}…` : message})`,
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
