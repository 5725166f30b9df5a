/** One interaction row given as cells, checked and added to the builder. */
import type { Cell } from './fields.ts';
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
  rating: Cell,
  timestamp: Cell,
  hasRating: boolean,
  hasTimestamp: boolean,
): void {
  const file = builder.file;
  const userId = rules.userId(userText, { file, line, field: names.user });
  const itemId = rules.itemId(itemText, { file, line, field: names.item });
  const item = items.indexOf(itemId, file, line, names.item);
  const ratingValue = hasRating ? rules.rating.read(rating, { file, line, field: names.rating }) : Number.NaN;
  const time = hasTimestamp ? rules.timestamp.read(timestamp, { file, line, field: names.timestamp }) : builder.length;
  builder.add(builder.userIndex(userId), item, ratingValue, time, line);
}
