/**
 * How items appear inside prompts. Every field comes from the dataset (or a user's upload), so
 * it is data, not instructions, and every field is written as a JSON value the model cannot
 * mistake for prompt text: the title and the genres each as a JSON string (control characters,
 * line breaks and bidi overrides removed, length capped, so no field can start a new "line" of
 * the prompt or hide text), the year only when it is a whole number.
 * `"Toy Story (1995)" "Adventure|Animation"`, `"Evil" (2020) "Drama"`. The genres are one
 * string joined by "|" as MovieLens writes them: shorter than a JSON list (about 8% of a
 * history prompt's tokens on ml-latest-small) and no longer than the unquoted text was.
 *
 * Other item attributes (director, stars: `ItemRecord.attributes`) are not shown in task
 * prompts; this file is the one place an item's fields are turned into prompt text.
 */

/** The parts of an item a prompt uses; `ItemRecord` from src/data/types.ts fits. */
export interface PromptItem {
  title: string;
  year?: number;
  genres?: readonly string[];
  /** The dataset's own id: shown only to tell apart candidates that share a title. */
  id?: string;
}

/** Longest title kept, in characters: real titles are far shorter; anything longer is padding or an attack. */
export const MAX_TITLE_CHARS = 160;
/** Genres shown per item, and characters per genre (MovieLens: at most 10, the longest 18 characters). */
export const MAX_GENRES = 10;
export const MAX_GENRE_CHARS = 40;
/** Longest item id shown (ids are only there to tell items apart). */
export const MAX_ID_CHARS = 40;

const NO_GENRES = '(no genres listed)';

// C0/C1 controls (incl. \n, \r, \t), bidi embeddings/overrides/isolates, zero-width and BOM characters.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Any field as one safe line of plain text of at most `maxChars` (not yet quoted). */
export function cleanField(text: string, maxChars: number): string {
  const flat = text.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  return `${flat.slice(0, maxChars - 1).trimEnd()}…`;
}

/** A title as one safe line of plain text (not yet quoted). */
export function cleanTitle(title: string): string {
  return cleanField(title, MAX_TITLE_CHARS);
}

/** The title as a JSON string literal, e.g. `"Toy Story (1995)"`. */
export function quoteTitle(title: string): string {
  return JSON.stringify(cleanTitle(title));
}

/** The genres as shown: cleaned, without empty ones, repeats or "(no genres listed)", at most MAX_GENRES. */
export function shownGenres(item: PromptItem): string[] {
  const shown: string[] = [];
  for (const genre of item.genres ?? []) {
    // Stored data is not type-checked at runtime; a non-string genre is dropped, not printed.
    if (typeof genre !== 'string') continue;
    const clean = cleanField(genre, MAX_GENRE_CHARS);
    if (clean === '' || clean.toLowerCase() === NO_GENRES || shown.includes(clean)) continue;
    shown.push(clean);
    if (shown.length === MAX_GENRES) break;
  }
  return shown;
}

/** The year shown after the title: a whole number 1–9999 the title does not already end with. */
export function shownYear(item: PromptItem): number | undefined {
  const year = item.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1 || year > 9999) return undefined;
  return cleanTitle(item.title).endsWith(`(${year})`) ? undefined : year;
}

/** The id as shown (cleaned, capped), or undefined when the item has none. */
export function shownId(item: PromptItem): string | undefined {
  if (item.id === undefined || item.id === null) return undefined;
  const id = cleanField(String(item.id), MAX_ID_CHARS);
  return id === '' ? undefined : id;
}

/** The separator of the genres string, as in MovieLens' movies.csv. */
export const GENRE_SEPARATOR = '|';

/**
 * `"Toy Story (1995)" "Adventure|Animation"`: the quoted title, the year when the title lacks
 * it, the genres when there are any, and with `withId` the item's id (`id "838"`).
 */
export function describeItem(item: PromptItem, options: { withId?: boolean } = {}): string {
  const parts = [quoteTitle(item.title)];
  const year = shownYear(item);
  if (year !== undefined) parts.push(`(${year})`);
  const genres = shownGenres(item);
  if (genres.length > 0) parts.push(JSON.stringify(genres.join(GENRE_SEPARATOR)));
  const id = options.withId ? shownId(item) : undefined;
  if (id !== undefined) parts.push(`id ${JSON.stringify(id)}`);
  return parts.join(' ');
}

/** A rating as shown to the model: integers plain, half stars with one decimal. */
export function formatRating(rating: number): string {
  return Number.isInteger(rating) ? String(rating) : rating.toFixed(1);
}
