/**
 * The objects of a JSON file with the line each starts on: a `.json` array (read whole) or
 * JSON Lines (`.jsonl` / `.ndjson`, one object per line, streamed).
 */
import { excerpt } from './excerpt.ts';
import { emptyFile } from './header-csv.ts';
import { ImportError } from './import-error.ts';
import { forEachLine } from './line-reader.ts';
import type { ReadContext } from './read-context.ts';
import type { DatasetFile } from './source.ts';

export type JsonRecord = Record<string, unknown>;
/** Return false to stop reading. */
export type JsonRecordHandler = (record: JsonRecord, line: number) => void | boolean;

export function isJsonLines(name: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(name);
}

export function isJsonFile(name: string): boolean {
  return /\.(json|jsonl|ndjson)$/i.test(name);
}

/** Calls `onRecord` for every object, with the line it starts on. */
export async function forEachJsonRecord(file: DatasetFile, ctx: ReadContext | undefined, onRecord: JsonRecordHandler): Promise<void> {
  const options = ctx ? ctx.reader(file, 'utf-8', '', false) : { encoding: 'utf-8' as const };
  if (isJsonLines(file.name)) {
    await forEachLine(file, options, (line, lineNumber) => {
      if (line.trim() === '') return true;
      return onRecord(asRecord(parseJson(line, file.name, lineNumber), file.name, lineNumber), lineNumber);
    });
    return;
  }
  const parts: string[] = [];
  await forEachLine(file, options, (line) => {
    parts.push(line);
  });
  const text = parts.join('\n');
  if (text.trim() === '') throw emptyFile(file.name, false, 'rating');
  const value = parseJson(text, file.name, 1);
  if (!Array.isArray(value)) {
    throw new ImportError('IMPORT_BAD_ROW', {
      file: file.name,
      line: 1,
      problem: 'the JSON is not an array of objects',
      fix: 'Write the file as [{"user": …, "item": …, "rating": …}, …], or one object per line in a .jsonl file',
    });
  }
  const lines = elementLines(text);
  for (let k = 0; k < value.length; k++) {
    const line = lines[k] ?? 1;
    if (onRecord(asRecord(value[k], file.name, line), line) === false) return;
  }
}

function asRecord(value: unknown, file: string, line: number): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImportError('IMPORT_BAD_ROW', {
      file,
      line,
      problem: `expected an object like {"user": …, "item": …} but found ${excerpt(JSON.stringify(value) ?? String(value))}`,
      fix: 'Make every entry an object with the same keys',
    });
  }
  return value as JsonRecord;
}

function parseJson(textValue: string, file: string, firstLine: number): unknown {
  try {
    return JSON.parse(textValue);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const position = /position (\d+)/.exec(message);
    const line = position ? firstLine + countNewlines(textValue, Number(position[1])) : firstLine;
    throw new ImportError('IMPORT_BAD_ROW', {
      file,
      line,
      // The engine's message quotes the source around the error; keep it short.
      problem: `the JSON is malformed (${excerpt(message, 120)})`,
      fix: 'Fix the JSON syntax there (a JSON validator shows the exact spot)',
      cause,
    });
  }
}

function countNewlines(textValue: string, end: number): number {
  let count = 0;
  for (let i = textValue.indexOf('\n'); i !== -1 && i < end; i = textValue.indexOf('\n', i + 1)) count++;
  return count;
}

/** The 1-based line on which each element of a top-level JSON array starts. */
function elementLines(textValue: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < textValue.length; i++) {
    const c = textValue[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === 1 && expectValue && c !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return lines;
}
