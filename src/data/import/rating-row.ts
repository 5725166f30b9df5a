/** One interaction row given as text cells, checked and added to the builder. */
import type { InteractionBuilder } from './interaction-builder.ts';
import type { ItemTable } from './item-table.ts';
import type { ValueRules } from './value-rules.ts';

export interface RatingRowFields {
  user: string;
  item: string;
  rating: string;
  timestamp: string;
}

/**
 * `hasRating`/`hasTimestamp` false = the file has no such column: no rating (NaN), and the
 * row's position stands in for the time, so "latest" means "last in the file".
 */
export function addRatingRow(
  builder: InteractionBuilder,
  items: ItemTable,
  rules: ValueRules,
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
  const userId = rules.userId(userText, { file, line, field: names.user });
  const itemId = rules.itemId(itemText, { file, line, field: names.item });
  const item = items.indexOf(itemId, file, line, names.item);
  const rating = hasRating ? rules.rating.read(ratingText, { file, line, field: names.rating }) : Number.NaN;
  const timestamp = hasTimestamp ? rules.timestamp.read(timestampText, { file, line, field: names.timestamp }) : builder.length;
  builder.add(builder.userIndex(userId), item, rating, timestamp, line);
}
