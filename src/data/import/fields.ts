/** Reading single values out of a row, each failure an ImportError naming file, line and field. */
import type { ColumnSpec } from './columns.ts';
import { normalizeHeader } from './csv.ts';
import { isCanonicalInteger, parseDecimal } from './decimal.ts';
import { excerpt, excerptList } from './excerpt.ts';
import { ImportError } from './import-error.ts';

export interface FieldPlace {
  file: string;
  line: number;
  field: string;
}

/**
 * A rating or timestamp cell: text from a CSV/TSV file, or a JSON value (a number is passed
 * as is, saving a round trip through text). undefined: the row has no such cell.
 */
export type Cell = string | number | undefined;

/** A cell as a bounded excerpt for a message. */
export function showCell(cell: Cell): string {
  return excerpt(String(cell).trim());
}

/** Reads an id cell: the formats differ in what an id may be. */
export type IdRule = (text: string | undefined, place: FieldPlace) => string;

/** Generic files: any non-empty text, trimmed, kept exactly (so "007" and "7" stay two ids). */
export const parseId: IdRule = (text, place) => {
  const id = trimmed(text);
  if (id === '') throw emptyId(place);
  return id;
};

/**
 * MovieLens files: a whole number written canonically ("42", not "042", "42.0" or "4e1"), so
 * one user or movie can never appear under two spellings.
 */
export const parseIntegerId: IdRule = (text, place) => {
  const id = trimmed(text);
  if (id === '') throw emptyId(place);
  if (!isCanonicalInteger(id)) {
    throw new ImportError('IMPORT_BAD_ID', {
      ...place,
      problem: `the id "${excerpt(id)}" is not a whole number written plainly (MovieLens ids are like 1 or 4144)`,
      fix: `Write the ${place.field} as digits without a sign, decimals or leading zeros, or import the files as format "generic-csv", where ids are any text`,
    });
  }
  return id;
};

/** An item's year: a whole number (negative for BCE) of at most four digits. */
export function parseYear(text: string, place: FieldPlace): number {
  const value = parseDecimal(text);
  if (Number.isNaN(value)) {
    throw new ImportError('IMPORT_BAD_NUMBER', {
      ...place,
      problem: `"${excerpt(text.trim())}" is not a number`,
      fix: `Write a year like 1995 in the ${place.field} column, or leave it empty`,
    });
  }
  if (!Number.isInteger(value) || Math.abs(value) > 9999) {
    throw new ImportError('IMPORT_OUT_OF_RANGE', {
      ...place,
      problem: `${excerpt(text.trim())} is not a year (a whole number of at most four digits)`,
      fix: `Write a year like 1995 in the ${place.field} column, or leave it empty`,
    });
  }
  return value;
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
 * Position of the header cell holding `spec`'s column (-1: optional and absent). A missing
 * required column is IMPORT_MISSING_COLUMN; two cells naming one column (say "rating" and
 * "score") are IMPORT_AMBIGUOUS_COLUMN, since reading one would silently drop the other.
 */
export function locateColumn(header: readonly string[], spec: ColumnSpec, file: string): number {
  if (spec.names.length === 0) return -1;
  const matches: number[] = [];
  for (let i = 0; i < header.length; i++) {
    if (spec.names.includes(normalizeHeader(header[i]!))) matches.push(i);
  }
  if (matches.length > 1) throw ambiguousColumn(matches.map((i) => header[i]!), spec, file, 1);
  if (matches.length === 0 && spec.required) {
    throw new ImportError('IMPORT_MISSING_COLUMN', {
      file,
      line: 1,
      field: spec.field,
      problem: `the header has no "${spec.field}" column (it has: ${excerptList(header) || 'nothing'})`,
      fix: `Add a "${spec.field}" column to the header line, or rename the column that holds it`,
    });
  }
  return matches.length === 0 ? -1 : matches[0]!;
}

export function ambiguousColumn(names: readonly string[], spec: ColumnSpec, file: string, line: number): ImportError {
  return new ImportError('IMPORT_AMBIGUOUS_COLUMN', {
    file,
    line,
    field: spec.field,
    problem: `${names.map((n) => `"${excerpt(n.trim(), 30)}"`).join(' and ')} both name the ${spec.field} column`,
    fix: `Keep one ${spec.field} column and rename or remove the other`,
  });
}

/** `text` without surrounding whitespace; skips the runtime call for the usual cell that has none. */
function trimmed(text: string | undefined): string {
  if (text === undefined) return '';
  const n = text.length;
  return n > 0 && text.charCodeAt(0) > 32 && text.charCodeAt(n - 1) > 32 ? text : text.trim();
}

function emptyId(place: FieldPlace): ImportError {
  return new ImportError('IMPORT_BAD_ROW', {
    ...place,
    problem: 'the id is empty',
    fix: `Fill in the ${place.field} column or remove the row`,
  });
}
