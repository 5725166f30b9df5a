/**
 * Rows of a delimited text file: lines from `forEachLine`, split into fields. Blank lines are
 * skipped. With `quoted`, a quoted field may hold the delimiter and even a line break (the
 * record then spans lines and is reported at the line it starts on). Quote errors are reported
 * at the line where the faulty quote opened, naming its column when the file has a header.
 */
import { sniffDelimiter, splitCsvLine, type QuoteProblem } from './csv.ts';
import { excerpt } from './excerpt.ts';
import { ImportError } from './import-error.ts';
import { forEachLine, MAX_LINE_LENGTH, type LineReaderOptions } from './line-reader.ts';
import type { DatasetFile } from './source.ts';

export interface RecordReaderOptions extends LineReaderOptions {
  /** 'sniff': tab, semicolon or comma, whichever the first non-blank line (the header) uses. */
  delimiter: string;
  /** CSV quoting rules; false for formats that never quote (u.data, ratings.dat). */
  quoted: boolean;
  /** The first record is a header: quote errors then name the column by its header cell. */
  header?: boolean;
}

/** Return false to stop reading. */
export type RecordHandler = (fields: string[], line: number) => void | boolean;

export async function forEachRecord(
  file: DatasetFile,
  options: RecordReaderOptions,
  onRecord: RecordHandler,
): Promise<void> {
  const maxLength = options.maxLineLength ?? MAX_LINE_LENGTH;
  let delimiter = options.delimiter;
  let header: string[] | undefined;
  // A record whose quoted field is still open: its lines so far, their length, where it starts.
  let pending: string[] | undefined;
  let pendingLength = 0;
  let pendingLine = 0;
  let open: QuoteProblem | undefined;

  const quoteError = (text: string, problem: QuoteProblem): ImportError => {
    const openLine = pendingLine + countNewlines(text, 0, problem.openAt);
    const column = header?.[problem.field]?.trim();
    const details = { file: file.name, line: openLine, ...(column ? { field: column } : {}) };
    if (problem.kind === 'open') {
      return new ImportError('IMPORT_BAD_ROW', {
        ...details,
        problem: `the quote opened here (${excerpt(text.slice(problem.openAt), 24)}) is never closed`,
        fix: 'Close the quote where the field ends (a quote inside a quoted field is written twice: "")',
      });
    }
    const closeLine = pendingLine + countNewlines(text, 0, problem.closeAt);
    const lineEnd = text.indexOf('\n', problem.closeAt);
    const after = excerpt(text.slice(problem.closeAt + 1, lineEnd === -1 ? undefined : lineEnd), 24);
    return new ImportError('IMPORT_BAD_ROW', {
      ...details,
      problem:
        closeLine === openLine
          ? `the quoted field opened here has text after its closing quote ("${after}") instead of a separator`
          : `the quote opened here is not closed on its line; the next quote, on line ${closeLine} (before "${after}"), ends it, which would swallow the lines between into one field`,
      fix: 'Close the quote where the field ends (a quote inside a quoted field is written twice: ""), or quote the whole field',
    });
  };

  const emit = (fields: string[], line: number): void | boolean => {
    if (options.header && header === undefined) header = fields;
    return onRecord(fields, line);
  };

  await forEachLine(file, options, (line, lineNumber) => {
    let text: string;
    if (pending === undefined) {
      if (isBlank(line)) return true;
      pendingLine = lineNumber;
      if (delimiter === 'sniff') delimiter = sniffDelimiter(line);
      if (!options.quoted || line.indexOf('"') === -1) return emit(line.split(delimiter), lineNumber);
      text = line;
    } else {
      pending.push(line);
      pendingLength += line.length + 1;
      if (pendingLength > maxLength) {
        throw new ImportError('IMPORT_LINE_TOO_LONG', {
          file: file.name,
          line: pendingLine + countNewlines(pending.join('\n'), 0, open!.openAt),
          problem: `a quoted field opened here is still open after ${maxLength} characters`,
          fix: 'Close the quote (a quote inside a quoted field is written twice: "")',
        });
      }
      // A line without a quote cannot close the field: skip re-splitting (quadratic otherwise).
      if (line.indexOf('"') === -1) return true;
      text = pending.join('\n');
    }
    const fields = splitCsvLine(text, delimiter);
    if (Array.isArray(fields)) {
      pending = undefined;
      open = undefined;
      return emit(fields, pendingLine);
    }
    if (fields.kind === 'stray') throw quoteError(text, fields);
    open = fields;
    if (pending === undefined) {
      pending = [line];
      pendingLength = line.length;
    }
    return true;
  });
  if (pending !== undefined) throw quoteError(pending.join('\n'), open!);
}

function isBlank(line: string): boolean {
  return line.length === 0 || line.trim().length === 0;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
