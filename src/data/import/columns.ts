/**
 * Which header names each format accepts for each column. Names are compared after
 * `normalizeHeader` (lower case, letters and digits only), so "User_ID" matches "userid".
 */

export interface ColumnSpec {
  /** The name used in error messages. */
  field: string;
  /** Accepted normalized header names. */
  names: readonly string[];
  required: boolean;
}

export interface InteractionColumns {
  user: ColumnSpec;
  item: ColumnSpec;
  rating: ColumnSpec;
  timestamp: ColumnSpec;
}

export interface ItemColumns {
  item: ColumnSpec;
  title: ColumnSpec;
  genres: ColumnSpec;
  year: ColumnSpec;
}

const USER_NAMES = ['user', 'userid', 'uid', 'customerid', 'reviewerid'];
const ITEM_NAMES = ['item', 'itemid', 'iid', 'movieid', 'movie', 'productid', 'asin', 'bookid', 'isbn'];

/** MovieLens latest/25M: exactly the column names GroupLens ships, all required. */
export const MOVIELENS_RATING_COLUMNS: InteractionColumns = {
  user: { field: 'userId', names: ['userid'], required: true },
  item: { field: 'movieId', names: ['movieid'], required: true },
  rating: { field: 'rating', names: ['rating'], required: true },
  timestamp: { field: 'timestamp', names: ['timestamp'], required: true },
};

export const MOVIELENS_MOVIE_COLUMNS: ItemColumns = {
  item: { field: 'movieId', names: ['movieid'], required: true },
  title: { field: 'title', names: ['title'], required: true },
  genres: { field: 'genres', names: ['genres'], required: true },
  year: { field: 'year', names: [], required: false },
};

/** Generic files: common synonyms; rating and timestamp optional. */
export const GENERIC_INTERACTION_COLUMNS: InteractionColumns = {
  user: { field: 'user', names: USER_NAMES, required: true },
  item: { field: 'item', names: ITEM_NAMES, required: true },
  rating: { field: 'rating', names: ['rating', 'score', 'stars'], required: false },
  timestamp: { field: 'timestamp', names: ['timestamp', 'time', 'ts', 'datetime', 'date'], required: false },
};

export const GENERIC_ITEM_COLUMNS: ItemColumns = {
  item: { field: 'item', names: ITEM_NAMES, required: true },
  title: { field: 'title', names: ['title', 'name'], required: true },
  genres: { field: 'genres', names: ['genres', 'genre', 'categories', 'category'], required: false },
  year: { field: 'year', names: ['year'], required: false },
};

/** Genre text → list: "|" separated; empty or MovieLens' "(no genres listed)" → []. */
export function splitGenres(text: string | undefined): string[] {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '' || trimmed === '(no genres listed)') return [];
  return trimmed.split('|').map((g) => g.trim()).filter((g) => g !== '');
}
