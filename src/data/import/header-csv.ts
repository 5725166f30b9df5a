/**
 * Delimited files with a header line: MovieLens latest/25M (`ratings.csv`, `movies.csv`) and
 * generic CSV/TSV. Column positions come from the header, so any column order works.
 */
import type { ColumnSpec, InteractionColumns, ItemColumns } from './columns.ts';
import { splitGenres } from './columns.ts';
import { locateColumn, parseYear, requireFieldCount, yearFromTitle, type IdRule } from './fields.ts';
import { ImportError } from './import-error.ts';
import type { InteractionBuilder } from './interaction-builder.ts';
import type { ItemTable } from './item-table.ts';
import type { ReadContext } from './read-context.ts';
import { addRatingRow } from './rating-row.ts';
import { forEachRecord } from './record-reader.ts';
import { forEachLine } from './line-reader.ts';
import type { DatasetFile } from './source.ts';
import type { ValueRules } from './value-rules.ts';

/** The first non-blank line of a file (its header), or undefined for an empty file. */
export async function readHeaderLine(file: DatasetFile, signal?: AbortSignal): Promise<string | undefined> {
  let header: string | undefined;
  await forEachLine(file, signal ? { encoding: 'utf-8', signal } : { encoding: 'utf-8' }, (line) => {
    if (line.trim() === '') return true;
    header = line;
    return false;
  });
  return header;
}

export async function readItemsCsv(
  file: DatasetFile,
  spec: ItemColumns,
  items: ItemTable,
  ctx: ReadContext,
  itemId: IdRule,
): Promise<void> {
  let columns: HeaderColumns<keyof ItemColumns> | undefined;
  const shape = headerShape(spec);
  await forEachRecord(file, { ...ctx.reader(file, 'utf-8', 'sniff', true), header: true }, (fields, line) => {
    if (!columns) {
      columns = headerColumns(fields, spec, ['item', 'title', 'genres', 'year'], file.name);
      return;
    }
    requireFieldCount(fields, columns.width, file.name, line, shape);
    const id = itemId(fields[columns.item], { file: file.name, line, field: spec.item.field });
    const title = fields[columns.title]!.trim();
    const yearText = columns.year === -1 ? '' : fields[columns.year]!.trim();
    const year = yearText !== '' ? parseYear(yearText, { file: file.name, line, field: spec.year.field }) : yearFromTitle(title);
    const genres = columns.genres === -1 ? [] : splitGenres(fields[columns.genres]);
    items.add(year === undefined ? { id, title, genres } : { id, title, genres, year }, file.name, line);
  });
  if (items.size === 0) throw emptyFile(file.name, columns !== undefined, 'item');
}

export async function readInteractionsCsv(
  file: DatasetFile,
  spec: InteractionColumns,
  items: ItemTable,
  builder: InteractionBuilder,
  rules: ValueRules,
  ctx: ReadContext,
): Promise<void> {
  let columns: HeaderColumns<keyof InteractionColumns> | undefined;
  const shape = headerShape(spec);
  const names = { user: spec.user.field, item: spec.item.field, rating: spec.rating.field, timestamp: spec.timestamp.field };
  await forEachRecord(file, { ...ctx.reader(file, 'utf-8', 'sniff', true), header: true }, (fields, line) => {
    if (!columns) {
      columns = headerColumns(fields, spec, ['user', 'item', 'rating', 'timestamp'], file.name);
      return;
    }
    requireFieldCount(fields, columns.width, file.name, line, shape);
    addRatingRow(
      builder,
      items,
      rules,
      names,
      line,
      fields[columns.user],
      fields[columns.item],
      columns.rating === -1 ? undefined : fields[columns.rating],
      columns.timestamp === -1 ? undefined : fields[columns.timestamp],
      columns.rating !== -1,
      columns.timestamp !== -1,
    );
  });
  if (builder.length === 0) throw emptyFile(file.name, columns !== undefined, 'rating');
}

/** Each column's position in the header (-1: optional and absent), and how many fields a row needs. */
type HeaderColumns<K extends string> = Record<K, number> & { width: number };

/** Looks the columns up in `keys` order, so a missing required column is reported in a fixed order. */
function headerColumns<K extends string>(header: string[], spec: Record<K, ColumnSpec>, keys: readonly K[], file: string): HeaderColumns<K> {
  const positions = {} as Record<K, number>;
  for (const key of keys) positions[key] = locateColumn(header, spec[key], file);
  return { ...positions, width: Math.max(...keys.map((key) => positions[key])) + 1 };
}

function headerShape(spec: InteractionColumns | ItemColumns): string {
  return `columns as in the header: ${Object.values(spec)
    .filter((c: ColumnSpec) => c.required)
    .map((c: ColumnSpec) => c.field)
    .join(', ')}`;
}

export function emptyFile(file: string, hadHeader: boolean, what: 'rating' | 'item'): ImportError {
  return new ImportError('IMPORT_EMPTY', {
    file,
    line: hadHeader ? 2 : 1,
    problem: hadHeader ? `the file has a header but no ${what} rows` : 'the file is empty',
    fix: `Choose the file that holds the ${what}s, or check that it was saved completely`,
  });
}
