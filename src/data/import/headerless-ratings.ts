/**
 * Rating files without a header, four fields user, item, rating, timestamp: MovieLens 100K
 * `u.data` (tab) and 1M `ratings.dat` ("::").
 */
import { emptyFile } from './header-csv.ts';
import { requireFieldCount } from './fields.ts';
import type { InteractionBuilder } from './interaction-builder.ts';
import type { ItemTable } from './item-table.ts';
import type { ReadContext } from './read-context.ts';
import { addRatingRow } from './rating-row.ts';
import { forEachRecord } from './record-reader.ts';
import type { DatasetFile } from './source.ts';
import type { ValueRules } from './value-rules.ts';

const NAMES = { user: 'user id', item: 'item id', rating: 'rating', timestamp: 'timestamp' };

export async function readHeaderlessRatings(
  file: DatasetFile,
  delimiter: string,
  items: ItemTable,
  builder: InteractionBuilder,
  rules: ValueRules,
  ctx: ReadContext,
): Promise<void> {
  const shape = `user${delimiter}item${delimiter}rating${delimiter}timestamp`.replace(/\t/g, '<tab>');
  await forEachRecord(file, ctx.reader(file, 'latin1', delimiter, false), (fields, line) => {
    requireFieldCount(fields, 4, file.name, line, shape);
    addRatingRow(builder, items, rules, NAMES, line, fields[0], fields[1], fields[2], fields[3], true, true);
  });
  if (builder.length === 0) throw emptyFile(file.name, false, 'rating');
}
