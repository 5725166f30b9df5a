/** MovieLens 100K: `u.item` (pipe-separated, latin-1, 19 genre flags) + `u.data` (tab-separated). */
import { parseIntegerId, requireFieldCount, yearFromTitle } from './fields.ts';
import { excerpt } from './excerpt.ts';
import { emptyFile } from './header-csv.ts';
import { ImportError } from './import-error.ts';
import type { ItemTable } from './item-table.ts';
import type { ReadContext } from './read-context.ts';
import { forEachRecord } from './record-reader.ts';
import type { DatasetFile } from './source.ts';

/** The genre flag columns of u.item, in order (from the dataset's u.genre). */
export const ML100K_GENRES = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama',
  'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
] as const;

const FIXED_FIELDS = 5; // id, title, release date, video release date, IMDb URL
const SHAPE = 'id|title|release date|video release date|IMDb URL|19 genre flags';

export async function readMl100kItems(file: DatasetFile, items: ItemTable, ctx: ReadContext): Promise<void> {
  await forEachRecord(file, ctx.reader(file, 'latin1', '|', false), (fields, line) => {
    requireFieldCount(fields, FIXED_FIELDS + ML100K_GENRES.length, file.name, line, SHAPE);
    const id = parseIntegerId(fields[0], { file: file.name, line, field: 'movie id' });
    const title = fields[1]!.trim();
    const genres: string[] = [];
    for (let g = 0; g < ML100K_GENRES.length; g++) {
      const flag = fields[FIXED_FIELDS + g]!.trim();
      if (flag === '1') genres.push(ML100K_GENRES[g]!);
      else if (flag !== '0') {
        throw new ImportError('IMPORT_BAD_NUMBER', {
          file: file.name,
          line,
          field: ML100K_GENRES[g]!,
          problem: `the genre flag is "${excerpt(flag)}", not 0 or 1`,
          fix: 'Write 0 or 1 in each of the 19 genre columns',
        });
      }
    }
    // Titles carry the year; a few (e.g. item 267 "unknown") have none, then the release date may.
    const year = yearFromTitle(title) ?? yearFromDate(fields[2]!);
    items.add(year === undefined ? { id, title, genres } : { id, title, genres, year }, file.name, line);
  });
  if (items.size === 0) throw emptyFile(file.name, false, 'item');
}

/** "01-Jan-1995" → 1995. */
function yearFromDate(date: string): number | undefined {
  const match = /(\d{4})\s*$/.exec(date);
  return match ? Number(match[1]) : undefined;
}
