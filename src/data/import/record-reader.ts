/**
 * Rows of a delimited text file: lines from `forEachLine`, split into fields. Blank lines are
 * skipped. With `quoted`, a quoted field may hold the delimiter and even a line break (the
 * record then spans lines and is reported at the line it starts on).
 */
import { sniffDelimiter, splitCsvLine } from './csv.ts';
import { ImportError } from './import-error.ts';
import { forEachLine, MAX_LINE_LENGTH, type LineReaderOptions } from './line-reader.ts';
import type { DatasetFile } from './source.ts';

export interface RecordReaderOptions extends LineReaderOptions {
  /** 'sniff': tab, semicolon or comma, whichever the first non-blank line (the header) uses. */
  delimiter: string;
  /** CSV quoting rules; false for formats that never quote (u.data, ratings.dat). */
  quoted: boolean;
}

/** Return false to stop reading. */
export type RecordHandler = (fields: string[], line: number) => void | boolean;

export async function forEachRecord(
  file: DatasetFile,
  options: RecordReaderOptions,
  onRecord: RecordHandler,
): Promise<void> {
  const maxLength = options.maxLineLength ?? MAX_LINE_LENGTH;
  let pending: string | undefined;
  let pendingLine = 0;
  let delimiter = options.delimiter;
  await forEachLine(file, options, (line, lineNumber) => {
    if (pending !== undefined) {
      line = `${pending}\n${line}`;
    } else {
      if (isBlank(line)) return true;
      pendingLine = lineNumber;
      if (delimiter === 'sniff') delimiter = sniffDelimiter(line);
    }
    if (!options.quoted) {
      const parts = line.split(delimiter);
      return onRecord(parts, lineNumber);
    }
    const fields = splitCsvLine(line, delimiter);
    if (fields === undefined) {
      if (line.length > maxLength) {
        throw new ImportError('IMPORT_LINE_TOO_LONG', {
          file: file.name,
          line: pendingLine,
          problem: `a quoted field opened here is still open after ${maxLength} characters`,
          fix: 'Close the quote (a quote inside a quoted field is written twice: "")',
        });
      }
      pending = line;
      return true;
    }
    pending = undefined;
    return onRecord(fields, pendingLine);
  });
  if (pending !== undefined) {
    throw new ImportError('IMPORT_BAD_ROW', {
      file: file.name,
      line: pendingLine,
      problem: 'a quoted field opened on this line is never closed',
      fix: 'Close the quote (a quote inside a quoted field is written twice: "")',
    });
  }
}

function isBlank(line: string): boolean {
  return line.length === 0 || line.trim().length === 0;
}
