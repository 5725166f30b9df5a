/** MovieLens 1M: `movies.dat` (MovieID::Title::Genres, latin-1) + `ratings.dat`. */
import { splitGenres } from './columns.ts';
import { parseIntegerId, requireFieldCount, yearFromTitle } from './fields.ts';
import { emptyFile } from './header-csv.ts';
import type { ItemTable } from './item-table.ts';
import type { ReadContext } from './read-context.ts';
import { forEachRecord } from './record-reader.ts';
import type { DatasetFile } from './source.ts';

export async function readMl1mItems(file: DatasetFile, items: ItemTable, ctx: ReadContext): Promise<void> {
  await forEachRecord(file, ctx.reader(file, 'latin1', '::', false), (fields, line) => {
    requireFieldCount(fields, 3, file.name, line, 'MovieID::Title::Genres');
    const id = parseIntegerId(fields[0], { file: file.name, line, field: 'MovieID' });
    const title = fields[1]!.trim();
    const year = yearFromTitle(title);
    const genres = splitGenres(fields[2]);
    items.add(year === undefined ? { id, title, genres } : { id, title, genres, year }, file.name, line);
  });
  if (items.size === 0) throw emptyFile(file.name, false, 'item');
}
