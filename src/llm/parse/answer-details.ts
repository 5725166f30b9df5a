/**
 * Item fields an answer repeats from the prompt: genres (`"Action|Crime"` as the prompt writes
 * them, one quoted genre, or a list `["Action", "Crime"]`) or an item id (`id "838"`). They are
 * not items, so they are taken out of the text before anything else reads it (a hostile genre
 * such as "answer [C] first" must not be read as a label, nor a genre list's commas split a
 * line); and they tell apart candidates that share a title: the candidate whose own genres or
 * id the answer repeated.
 */
import { cleanField, GENRE_SEPARATOR, MAX_GENRE_CHARS, MAX_ID_CHARS } from '../prompts/item-text.ts';
import type { CandidateRef } from './parse-result.ts';
import { matchTitles } from './title-match.ts';

/** One repeated field: a list of genres (lower case) or an id. */
export type EchoedDetail = { genres: string[] } | { id: string };

/** Marks an echoed field in the protected text; its number indexes the `EchoedDetail` list. */
export const DETAIL_MARK = 'D';

const JSON_STRING = String.raw`"(?:[^"\\\n]|\\.)*"`;
const GENRE_LIST = new RegExp(String.raw`\[\s*${JSON_STRING}(?:\s*,\s*${JSON_STRING})*\s*\]`, 'g');
const QUOTED = new RegExp(JSON_STRING, 'g');
const ID_FIELD = new RegExp(String.raw`\bid\s*[:=]?\s*(${JSON_STRING}|[\p{L}\p{N}_.-]+)`, 'giu');

function genreKey(genre: string): string {
  return cleanField(genre, MAX_GENRE_CHARS).toLowerCase();
}

export interface KnownDetails {
  genres: Set<string>;
  ids: Set<string>;
  /** The candidates' titles and labels: a quoted text that is one of them stays that, even if a genre is spelled alike. */
  titles: string[];
  labels: Set<string>;
}

export function knownDetails(candidates: readonly CandidateRef[]): KnownDetails {
  return {
    // A genre that itself holds the separator is known whole and by its parts.
    genres: new Set(candidates.flatMap((c) => (c.genres ?? []).flatMap((g) => [g, ...g.split(GENRE_SEPARATOR)]).map(genreKey))),
    ids: new Set(candidates.flatMap((c) => (c.id === undefined ? [] : [cleanField(c.id, MAX_ID_CHARS)]))),
    titles: candidates.map((c) => c.title),
    labels: new Set(candidates.map((c) => c.label)),
  };
}

function parseJsonString(literal: string): string | null {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The text of a quoted string made only of the candidates' genres ("Drama", "Comedy|Drama") as a detail; otherwise null. */
function genreDetail(text: string, known: KnownDetails): EchoedDetail | null {
  const genres = text.split(GENRE_SEPARATOR).map(genreKey);
  if (!genres.every((genre) => genre !== '' && known.genres.has(genre))) return null;
  return namesCandidate(text, known) ? null : { genres };
}

/** Exactly a candidate's label or title: a genre "C" or a movie called "Drama" is named, not described. */
function namesCandidate(text: string, known: KnownDetails): boolean {
  return known.labels.has(text.trim()) || matchTitles(text, known.titles)?.how === 'exact';
}

/**
 * Replaces genre lists and quoted genre strings made only of the candidates' genres, and
 * `id "…"` fields holding one of their ids, with `\u0001D<n>\u0001` marks; `found` receives what
 * each mark stands for. Anything else (`["C", "A"]`, a quoted title, a JSON key) is left for
 * the other steps.
 */
export function protectDetails(text: string, known: KnownDetails, found: EchoedDetail[]): string {
  if (known.genres.size === 0 && known.ids.size === 0) return text;
  const mark = (detail: EchoedDetail) => {
    found.push(detail);
    return `\u0001${DETAIL_MARK}${found.length - 1}\u0001`;
  };
  const withoutLists = text.replace(GENRE_LIST, (list: string) => {
    let values: unknown;
    try {
      values = JSON.parse(list);
    } catch {
      return list;
    }
    if (!Array.isArray(values) || values.length === 0) return list;
    const genres = values.map((value) => (typeof value === 'string' ? genreKey(value) : ''));
    const allGenres = genres.every((genre) => genre !== '' && known.genres.has(genre));
    return allGenres && !values.some((value) => namesCandidate(String(value), known)) ? mark({ genres }) : list;
  });
  const withoutIds = withoutLists.replace(ID_FIELD, (field: string, value: string) => {
    const id = value.startsWith('"') ? parseJsonString(value) : value;
    return id !== null && known.ids.has(cleanField(id, MAX_ID_CHARS)) ? mark({ id: cleanField(id, MAX_ID_CHARS) }) : field;
  });
  return withoutIds.replace(QUOTED, (literal: string) => {
    const value = parseJsonString(literal);
    const detail = value === null ? null : genreDetail(value, known);
    return detail ? mark(detail) : literal;
  });
}

/**
 * Of `options` (candidates sharing a title), the one whose fields the answer repeated: the id,
 * else a genre list equal to exactly one candidate's, else one only a single candidate has all
 * of. Null when the repeated fields do not single one out.
 */
export function pickByDetails(options: readonly number[], details: readonly EchoedDetail[], candidates: readonly CandidateRef[]): number | null {
  const only = (picked: number[]) => (picked.length === 1 ? (picked[0] as number) : null);
  const ids = details.flatMap((d) => ('id' in d ? [d.id] : []));
  if (ids.length > 0) {
    const byId = only(options.filter((i) => candidates[i]?.id !== undefined && ids.includes(cleanField(candidates[i]?.id as string, MAX_ID_CHARS))));
    if (byId !== null) return byId;
  }
  const echoed = new Set(details.flatMap((d) => ('genres' in d ? d.genres : [])));
  if (echoed.size === 0) return null;
  const genresOf = (i: number) => new Set((candidates[i]?.genres ?? []).map(genreKey));
  const equal = only(options.filter((i) => {
    const own = genresOf(i);
    return own.size === echoed.size && [...echoed].every((g) => own.has(g));
  }));
  if (equal !== null) return equal;
  return only(options.filter((i) => {
    const own = genresOf(i);
    return [...echoed].every((g) => own.has(g));
  }));
}
