/** Reading single values out of a row, each failure an ImportError naming file, line and field. */
import { normalizeHeader } from './csv.ts';
import { ImportError } from './import-error.ts';

export interface FieldPlace {
  file: string;
  line: number;
  field: string;
}

/** A finite number ("4.0", "964982703"); empty or non-numeric text is IMPORT_BAD_NUMBER. */
export function parseNumber(text: string | undefined, place: FieldPlace): number {
  // Number('') and Number(' ') are 0, so empty text is checked first.
  const value = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new ImportError('IMPORT_BAD_NUMBER', {
      ...place,
      problem: text === undefined || text.trim() === '' ? 'the value is empty where a number is needed' : `"${clip(text)}" is not a number`,
      fix: `Write a plain number in the ${place.field} column (like 4 or 3.5) or remove the row`,
    });
  }
  return value;
}

/**
 * A timestamp in seconds since the epoch: a number, or a date text `Date.parse` understands
 * (ISO 8601, e.g. "2024-01-31T12:00:00Z").
 */
export function parseTimestamp(text: string | undefined, place: FieldPlace): number {
  const trimmed = text?.trim() ?? '';
  if (trimmed !== '') {
    const asNumber = Number(trimmed);
    if (Number.isFinite(asNumber)) return asNumber;
    const asDate = Date.parse(trimmed);
    if (Number.isFinite(asDate)) return asDate / 1000;
  }
  throw new ImportError('IMPORT_BAD_NUMBER', {
    ...place,
    problem: trimmed === '' ? 'the timestamp is empty' : `"${clip(trimmed)}" is neither seconds since 1970 nor an ISO date`,
    fix: 'Write seconds since 1970 (like 964982703) or an ISO date (like 2024-01-31T12:00:00Z), or drop the timestamp column to use row order',
  });
}

/** A non-empty id, trimmed. */
export function parseId(text: string | undefined, place: FieldPlace): string {
  const id = text?.trim() ?? '';
  if (id === '') {
    throw new ImportError('IMPORT_BAD_ROW', {
      ...place,
      problem: 'the id is empty',
      fix: `Fill in the ${place.field} column or remove the row`,
    });
  }
  return id;
}

/** Rows must have at least `count` fields (extra trailing fields are tolerated). */
export function requireFieldCount(fields: string[], count: number, file: string, line: number, shape: string): void {
  if (fields.length < count) {
    throw new ImportError('IMPORT_BAD_ROW', {
      file,
      line,
      problem: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'} but ${count} are needed (${shape})`,
      fix: 'Fix or remove the row; check that it uses the same separator as the rest of the file',
    });
  }
}

/** "Toy Story (1995)" → 1995; "Babylon 5 (1993–1998)" → 1993; no year → undefined. */
export function yearFromTitle(title: string): number | undefined {
  const match = /\((\d{4})(?:\s*[-–]\s*\d{0,4})?\)\s*$/.exec(title);
  return match ? Number(match[1]) : undefined;
}

/**
 * Index of the first header cell whose normalized name is one of `names` (already
 * normalized), or -1.
 */
export function findColumn(header: readonly string[], names: readonly string[]): number {
  for (let i = 0; i < header.length; i++) {
    if (names.includes(normalizeHeader(header[i]!))) return i;
  }
  return -1;
}

/** Like findColumn, but a missing column is IMPORT_MISSING_COLUMN. */
export function requireColumn(header: readonly string[], names: readonly string[], file: string, field: string): number {
  const index = findColumn(header, names);
  if (index === -1) {
    throw new ImportError('IMPORT_MISSING_COLUMN', {
      file,
      line: 1,
      field,
      problem: `the header has no "${field}" column (it has: ${header.map((h) => h.trim()).join(', ') || 'nothing'})`,
      fix: `Add a "${field}" column to the header line, or rename the column that holds it`,
    });
  }
  return index;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
