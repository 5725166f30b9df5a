/**
 * The schema of a JSON file, from all of its objects: which key of each object holds which
 * column (objects may spell keys differently: "userId" here, "user" there), and whether every
 * object has the columns some object has. A column present in some objects and missing in
 * others is an error at the first object without it, never a column dropped or defaulted.
 */
import type { ColumnSpec } from './columns.ts';
import { normalizeHeader } from './csv.ts';
import { excerpt } from './excerpt.ts';
import { ambiguousColumn, type Cell, type FieldPlace } from './fields.ts';
import { ImportError } from './import-error.ts';
import type { JsonRecord } from './json-records.ts';

/** Learns the column of each key as objects show them (one normalisation per distinct key). */
export class JsonColumns<C extends string> {
  private readonly columnOfKey = new Map<string, number>();
  // Reused for every object: the import's hot path allocates nothing per row here.
  private readonly found: unknown[];
  private readonly keyOf: (string | undefined)[];

  constructor(
    private readonly spec: Record<C, ColumnSpec>,
    private readonly columns: readonly C[],
  ) {
    this.found = new Array<unknown>(columns.length);
    this.keyOf = new Array<string | undefined>(columns.length);
  }

  /**
   * Each column's value in `record`, in the order of `columns` (undefined: absent or null),
   * valid until the next call. Two keys for one column is IMPORT_AMBIGUOUS_COLUMN.
   */
  values(record: JsonRecord, file: string, line: number): readonly unknown[] {
    const { found, keyOf } = this;
    found.fill(undefined);
    keyOf.fill(undefined);
    for (const key in record) {
      const column = this.columnOf(key);
      if (column === -1) continue;
      const previous = keyOf[column];
      if (previous !== undefined) throw ambiguousColumn([previous, key], this.spec[this.columns[column]!], file, line);
      keyOf[column] = key;
      const value = record[key];
      if (value !== null) found[column] = value;
    }
    return found;
  }

  private columnOf(key: string): number {
    let column = this.columnOfKey.get(key);
    if (column === undefined) {
      const normalized = normalizeHeader(key);
      column = this.columns.findIndex((c) => this.spec[c].names.includes(normalized));
      this.columnOfKey.set(key, column);
    }
    return column;
  }
}

/** Whether each object has a column: all of them, none of them, or (an error) some. */
export class FieldPresence {
  private firstPresent = 0;
  private firstMissing = 0;

  constructor(
    private readonly spec: ColumnSpec,
    private readonly file: string,
  ) {}

  /** True once some object had the column. */
  get seen(): boolean {
    return this.firstPresent !== 0;
  }

  note(present: boolean, line: number): void {
    if (present) {
      if (this.firstPresent === 0) {
        this.firstPresent = line;
        if (this.firstMissing !== 0) throw this.gap();
      }
    } else if (this.firstMissing === 0) {
      this.firstMissing = line;
      if (this.firstPresent !== 0) throw this.gap();
    }
  }

  /** IMPORT_MISSING_COLUMN when no object had this required column. */
  requireSeen(): void {
    if (this.seen) return;
    throw new ImportError('IMPORT_MISSING_COLUMN', {
      file: this.file,
      line: 1,
      field: this.spec.field,
      problem: `no object has a "${this.spec.field}" key`,
      fix: `Add a "${this.spec.field}" key to every object`,
    });
  }

  private gap(): ImportError {
    const field = this.spec.field;
    return new ImportError('IMPORT_MISSING_FIELD', {
      file: this.file,
      line: this.firstMissing,
      field,
      problem: `this object has no "${field}" (or it is null), but the object on line ${this.firstPresent} has one`,
      fix: `Give every object a "${field}", or remove it from all of them`,
    });
  }
}

/**
 * An id given as a JSON string or number, as exact text. A number beyond 2^53 (or with a
 * fraction) has already lost digits in JSON.parse, so 9007199254740993 would become …992 and
 * merge two users: it is refused, to be written as a string.
 */
export function jsonIdText(value: unknown, place: FieldPlace): string | undefined {
  if (typeof value === 'string' || value === undefined) return value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    throw new ImportError('IMPORT_BAD_ID', {
      ...place,
      problem: `the id is a number JavaScript cannot hold exactly (read as ${excerpt(String(value))}; only whole numbers up to 2^53 − 1 are exact)`,
      fix: 'Write large or fractional ids as strings, in quotes: "9007199254740993"',
    });
  }
  throw new ImportError('IMPORT_BAD_ID', {
    ...place,
    problem: `the id is ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`} (${excerpt(JSON.stringify(value) ?? String(value))})`,
    fix: 'Write ids as strings or whole numbers',
  });
}

/** A rating or timestamp value: numbers stay numbers, strings stay text, anything else becomes JSON text (then refused by the number checks). */
export function jsonCell(value: unknown): Cell {
  return typeof value === 'number' ? value : jsonText(value);
}

/** A title or year value as text: strings and numbers as they are, anything else as JSON (then refused by the number checks). */
export function jsonText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value === undefined) return undefined;
  return JSON.stringify(value);
}
