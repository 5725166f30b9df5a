/**
 * Generic JSON: an array of objects (`[{"user": "u1", "item": "i9", "rating": 4}, …]`) or
 * JSON Lines (`.jsonl` / `.ndjson`, one object per line, streamed). Keys are matched like CSV
 * headers (see columns.ts), object by object; see json-fields.ts for the schema rules. A
 * `.json` array is read whole; use JSON Lines or CSV for files of hundreds of megabytes.
 */
import type { InteractionColumns, ItemColumns } from './columns.ts';
import { splitGenres } from './columns.ts';
import { normalizeHeader } from './csv.ts';
import { parseId, parseYear, yearFromTitle } from './fields.ts';
import { emptyFile } from './header-csv.ts';
import type { InteractionBuilder } from './interaction-builder.ts';
import type { ItemTable } from './item-table.ts';
import { FieldPresence, jsonCell, JsonColumns, jsonIdText, jsonText } from './json-fields.ts';
import { forEachJsonRecord } from './json-records.ts';
import type { ReadContext } from './read-context.ts';
import { addRatingRow } from './rating-row.ts';
import type { DatasetFile } from './source.ts';
import type { ValueRules } from './value-rules.ts';

export { isJsonFile, isJsonLines } from './json-records.ts';

/** How many objects format detection looks at for a file's keys. */
const DETECTION_SAMPLE = 100;

export async function readInteractionsJson(
  file: DatasetFile,
  spec: InteractionColumns,
  items: ItemTable,
  builder: InteractionBuilder,
  rules: ValueRules,
  ctx: ReadContext,
): Promise<void> {
  const columns = new JsonColumns(spec, ['user', 'item', 'rating', 'timestamp']);
  const presence = {
    user: new FieldPresence(spec.user, file.name),
    item: new FieldPresence(spec.item, file.name),
    rating: new FieldPresence(spec.rating, file.name),
    timestamp: new FieldPresence(spec.timestamp, file.name),
  };
  const names = { user: spec.user.field, item: spec.item.field, rating: spec.rating.field, timestamp: spec.timestamp.field };
  await forEachJsonRecord(file, ctx, (record, line) => {
    const [user, item, rating, timestamp] = columns.values(record, file.name, line);
    presence.user.note(user !== undefined, line);
    presence.item.note(item !== undefined, line);
    presence.rating.note(rating !== undefined, line);
    presence.timestamp.note(timestamp !== undefined, line);
    // Without a user or item the row cannot be kept; the gap is reported once an object has one.
    if (user === undefined || item === undefined) return;
    addRatingRow(
      builder,
      items,
      rules,
      names,
      line,
      jsonIdText(user, { file: file.name, line, field: names.user }),
      jsonIdText(item, { file: file.name, line, field: names.item }),
      jsonCell(rating),
      jsonCell(timestamp),
      rating !== undefined,
      timestamp !== undefined,
    );
  });
  presence.user.requireSeen();
  presence.item.requireSeen();
  if (builder.length === 0) throw emptyFile(file.name, true, 'rating');
}

/**
 * An item file in JSON: every object needs an item and a title; genres and year may be given
 * for some items only (like an empty cell in a CSV item file).
 */
export async function readItemsJson(file: DatasetFile, spec: ItemColumns, items: ItemTable, ctx: ReadContext): Promise<void> {
  const columns = new JsonColumns(spec, ['item', 'title', 'genres', 'year']);
  const presence = { item: new FieldPresence(spec.item, file.name), title: new FieldPresence(spec.title, file.name) };
  await forEachJsonRecord(file, ctx, (record, line) => {
    const [itemValue, titleValue, genresValue, yearValue] = columns.values(record, file.name, line);
    presence.item.note(itemValue !== undefined, line);
    presence.title.note(titleValue !== undefined, line);
    if (itemValue === undefined || titleValue === undefined) return;
    const place = { file: file.name, line, field: spec.item.field };
    const id = parseId(jsonIdText(itemValue, place), place);
    const title = jsonText(titleValue)!.trim();
    const genres = Array.isArray(genresValue) ? genresValue.map(String) : splitGenres(jsonText(genresValue));
    const yearText = jsonText(yearValue)?.trim() ?? '';
    const year = yearText !== '' ? parseYear(yearText, { file: file.name, line, field: spec.year.field }) : yearFromTitle(title);
    items.add(year === undefined ? { id, title, genres } : { id, title, genres, year }, file.name, line);
  });
  presence.item.requireSeen();
  presence.title.requireSeen();
  if (items.size === 0) throw emptyFile(file.name, true, 'item');
}

/** Normalized keys of a file's first objects (format detection looks at them). */
export async function sampleJsonKeys(file: DatasetFile): Promise<string[]> {
  const keys = new Set<string>();
  let seen = 0;
  await forEachJsonRecord(file, undefined, (record) => {
    for (const key of Object.keys(record)) keys.add(normalizeHeader(key));
    return ++seen < DETECTION_SAMPLE;
  });
  return [...keys];
}
