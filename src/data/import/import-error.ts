import { RecError, type RecErrorCode, type RecErrorOptions } from '../../errors.ts';

/** The import codes: every way a dataset file can be rejected. */
export type ImportErrorCode = Extract<RecErrorCode, `IMPORT_${string}`>;

export interface ImportErrorDetails extends RecErrorOptions {
  /** File name as the user gave it (e.g. "ratings.csv"). */
  file?: string;
  /** 1-based line number in that file. */
  line?: number;
  /** Column / key name the problem is in. */
  field?: string;
  /** What is wrong, one sentence, no trailing period needed. */
  problem: string;
  /** What the user should do about it. */
  fix: string;
}

/**
 * A dataset file could not be imported. The message names the file, line and field so the
 * user can open the file and fix it; the same facts are kept as fields for the UI.
 */
export class ImportError extends RecError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(code: ImportErrorCode, details: ImportErrorDetails) {
    super(code, formatMessage(details), details.cause === undefined ? {} : { cause: details.cause });
    this.name = 'ImportError';
    this.file = details.file;
    this.line = details.line;
    this.field = details.field;
  }
}

function formatMessage({ file, line, field, problem, fix }: ImportErrorDetails): string {
  const where: string[] = [];
  if (file !== undefined) where.push(file);
  if (line !== undefined) where.push(`line ${line}`);
  if (field !== undefined) where.push(`field "${field}"`);
  const prefix = where.length > 0 ? `${where.join(', ')}: ` : '';
  return `${prefix}${problem}. ${fix}`;
}
