/**
 * How items appear inside prompts. Titles come from the dataset (or a user's upload), so they
 * are data, not instructions: control characters, line breaks and bidi overrides are removed
 * (a title cannot start a new "line" of the prompt or hide text), the length is capped, and the
 * title is written as a JSON string so it always sits between double quotes.
 */

/** The parts of an item a prompt uses; `ItemRecord` from src/data/types.ts fits. */
export interface PromptItem {
  title: string;
  year?: number;
  genres?: readonly string[];
}

/** Longest title kept, in characters: real titles are far shorter; anything longer is padding or an attack. */
export const MAX_TITLE_CHARS = 160;

// C0/C1 controls (incl. \n, \r, \t), bidi embeddings/overrides/isolates, zero-width and BOM characters.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A title as one safe line of plain text (not yet quoted). */
export function cleanTitle(title: string): string {
  const flat = title.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_TITLE_CHARS) return flat;
  return `${flat.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…`;
}

/** The title as a JSON string literal, e.g. `"Toy Story (1995)"`. */
export function quoteTitle(title: string): string {
  return JSON.stringify(cleanTitle(title));
}

/**
 * `"Toy Story" (1995; Adventure, Animation)`. The year is left out when the title already ends
 * with it (MovieLens titles do), genres when there are none.
 */
export function describeItem(item: PromptItem): string {
  const title = cleanTitle(item.title);
  const details: string[] = [];
  if (item.year !== undefined && !title.endsWith(`(${item.year})`)) details.push(String(item.year));
  const genres = (item.genres ?? [])
    .map((genre) => cleanTitle(genre))
    .filter((genre) => genre !== '' && genre !== '(no genres listed)');
  if (genres.length > 0) details.push(genres.join(', '));
  const quoted = JSON.stringify(title);
  return details.length > 0 ? `${quoted} (${details.join('; ')})` : quoted;
}

/** A rating as shown to the model: integers plain, half stars with one decimal. */
export function formatRating(rating: number): string {
  return Number.isInteger(rating) ? String(rating) : rating.toFixed(1);
}
