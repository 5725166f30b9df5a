/**
 * Generic JSON: an array of objects (`[{"user": "u1", "item": "i9", "rating": 4}, …]`) or
 * JSON Lines (`.jsonl` / `.ndjson`, one object per line, streamed). Keys are matched like CSV
 * headers (see columns.ts), resolved from the first object. A `.json` array is read whole;
 * use JSON Lines or CSV for files of hundreds of megabytes.
 */
import type { ColumnSpec, InteractionColumns, ItemColumns } from './columns.ts';
import { splitGenres } from './columns.ts';
import { normalizeHeader } from './csv.ts';
import { parseId, parseNumber, yearFromTitle } from './fields.ts';
import { emptyFile } from './header-csv.ts';
import { ImportError } from './import-error.ts';
import type { InteractionBuilder } from './interaction-builder.ts';
import type { ItemTable } from './item-table.ts';
import { forEachLine } from './line-reader.ts';
import type { ReadContext } from './read-context.ts';
import { addRatingRow } from './rating-row.ts';
import type { DatasetFile } from './source.ts';

type JsonRecord = Record<string, unknown>;
type RecordHandler = (record: JsonRecord, line: number) => void;

export function isJsonLines(name: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(name);
}

export function isJsonFile(name: string): boolean {
  return /\.(json|jsonl|ndjson)$/i.test(name);
}

/** Calls `onRecord` for every object, with the line it starts on. */
export async function forEachJsonRecord(file: DatasetFile, ctx: ReadContext | undefined, onRecord: RecordHandler): Promise<void> {
  const options = ctx ? ctx.reader(file, 'utf-8', '', false) : { encoding: 'utf-8' as const };
  if (isJsonLines(file.name)) {
    await forEachLine(file, options, (line, lineNumber) => {
      if (line.trim() === '') return;
      onRecord(asRecord(parseJson(line, file.name, lineNumber), file.name, lineNumber), lineNumber);
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
  value.forEach((element, k) => {
    const line = lines[k] ?? 1;
    onRecord(asRecord(element, file.name, line), line);
  });
}

export async function readInteractionsJson(
  file: DatasetFile,
  spec: InteractionColumns,
  items: ItemTable,
  builder: InteractionBuilder,
  ctx: ReadContext,
): Promise<void> {
  let keys: { user: string; item: string; rating: string | undefined; timestamp: string | undefined } | undefined;
  const names = { user: spec.user.field, item: spec.item.field, rating: spec.rating.field, timestamp: spec.timestamp.field };
  await forEachJsonRecord(file, ctx, (record, line) => {
    keys ??= {
      user: requireKey(record, spec.user, file.name, line),
      item: requireKey(record, spec.item, file.name, line),
      rating: findKey(record, spec.rating),
      timestamp: findKey(record, spec.timestamp),
    };
    addRatingRow(
      builder,
      items,
      names,
      line,
      text(record[keys.user]),
      text(record[keys.item]),
      keys.rating === undefined ? undefined : text(record[keys.rating]),
      keys.timestamp === undefined ? undefined : text(record[keys.timestamp]),
      keys.rating !== undefined,
      keys.timestamp !== undefined,
    );
  });
  if (builder.length === 0) throw emptyFile(file.name, true, 'rating');
}

export async function readItemsJson(file: DatasetFile, spec: ItemColumns, items: ItemTable, ctx: ReadContext): Promise<void> {
  let keys: { item: string; title: string; genres: string | undefined; year: string | undefined } | undefined;
  await forEachJsonRecord(file, ctx, (record, line) => {
    keys ??= {
      item: requireKey(record, spec.item, file.name, line),
      title: requireKey(record, spec.title, file.name, line),
      genres: findKey(record, spec.genres),
      year: findKey(record, spec.year),
    };
    const id = parseId(text(record[keys.item]), { file: file.name, line, field: spec.item.field });
    const title = text(record[keys.title])?.trim() ?? id;
    const rawGenres = keys.genres === undefined ? undefined : record[keys.genres];
    const genres = Array.isArray(rawGenres) ? rawGenres.map(String) : splitGenres(text(rawGenres));
    const yearValue = keys.year === undefined ? undefined : text(record[keys.year]);
    const year =
      yearValue !== undefined && yearValue.trim() !== ''
        ? parseNumber(yearValue, { file: file.name, line, field: spec.year.field })
        : yearFromTitle(title);
    items.add(year === undefined ? { id, title, genres } : { id, title, genres, year }, file.name, line);
  });
  if (items.size === 0) throw emptyFile(file.name, true, 'item');
}

/** Normalized keys of a file's first object (format detection looks at them). */
export async function firstJsonKeys(file: DatasetFile): Promise<string[]> {
  let keys: string[] = [];
  try {
    await forEachJsonRecord(file, undefined, (record) => {
      keys = Object.keys(record).map(normalizeHeader);
      throw STOP;
    });
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return keys;
}

const STOP = Symbol('stop');

function findKey(record: JsonRecord, spec: ColumnSpec): string | undefined {
  return Object.keys(record).find((key) => spec.names.includes(normalizeHeader(key)));
}

function requireKey(record: JsonRecord, spec: ColumnSpec, file: string, line: number): string {
  const key = findKey(record, spec);
  if (key === undefined) {
    throw new ImportError('IMPORT_MISSING_COLUMN', {
      file,
      line,
      field: spec.field,
      problem: `the first object has no "${spec.field}" key (it has: ${Object.keys(record).join(', ') || 'nothing'})`,
      fix: `Add a "${spec.field}" key to every object`,
    });
  }
  return key;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return undefined;
  return JSON.stringify(value);
}

function asRecord(value: unknown, file: string, line: number): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImportError('IMPORT_BAD_ROW', {
      file,
      line,
      problem: `expected an object like {"user": …, "item": …} but found ${JSON.stringify(value)?.slice(0, 40)}`,
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
      problem: `the JSON is malformed (${message})`,
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
