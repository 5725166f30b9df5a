/** One interaction row given as text cells, checked and added to the builder. */
import { parseId, parseNumber, parseTimestamp } from './fields.ts';
import type { InteractionBuilder } from './interaction-builder.ts';
import type { ItemTable } from './item-table.ts';

export interface RatingRowFields {
  user: string;
  item: string;
  rating: string;
  timestamp: string;
}

/**
 * `rating`/`timestamp` undefined = the file has no such column: no rating (NaN), and the
 * row's position stands in for the time, so "latest" means "last in the file".
 */
export function addRatingRow(
  builder: InteractionBuilder,
  items: ItemTable,
  names: RatingRowFields,
  line: number,
  userText: string | undefined,
  itemText: string | undefined,
  ratingText: string | undefined,
  timestampText: string | undefined,
  hasRating: boolean,
  hasTimestamp: boolean,
): void {
  const file = builder.file;
  const userId = parseId(userText, { file, line, field: names.user });
  const itemId = parseId(itemText, { file, line, field: names.item });
  const item = items.indexOf(itemId, file, line, names.item);
  const rating = hasRating ? parseNumber(ratingText, { file, line, field: names.rating }) : Number.NaN;
  const timestamp = hasTimestamp ? parseTimestamp(timestampText, { file, line, field: names.timestamp }) : builder.length;
  builder.add(builder.userIndex(userId), item, rating, timestamp, line);
}
