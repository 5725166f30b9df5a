/**
 * Item-attribute answers (rating-task augmentation) → director and up to three stars, or null.
 * Reads a JSON object {"director": "...", "stars": [...]} anywhere in the answer, else lines like
 * "Director: X" and "Stars: A, B". Every name is checked: empty, "unknown"-like, overlong,
 * or containing anything but letters, spaces and . ' - (an instruction, markup, a URL) is
 * ignored and counted, never stored as an attribute.
 */
import { MAX_STARS } from '../prompts/attribute-prompt.ts';
import type { ParseResult } from './parse-result.ts';

export interface ParsedAttributes {
  director?: string;
  stars: string[];
}

/** Longest name kept, in characters and words: real names are far shorter. */
export const MAX_NAME_CHARS = 60;
export const MAX_NAME_WORDS = 6;

const NOT_A_NAME = /^(?:unknown|n\/?a|none|null|not sure|unsure|no idea|various|-+|\?+)$/i;
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

/** The name, cleaned, or null with the reason it was rejected. */
function checkName(raw: unknown): { name: string } | { reason: string } {
  if (typeof raw !== 'string') return { reason: `not text: ${JSON.stringify(raw)}` };
  const name = raw.replace(/\s+/g, ' ').trim().replace(/^["'“”]+|["'“”.,;]+$/g, '').trim();
  if (name === '' || NOT_A_NAME.test(name)) return { reason: `no name: "${name}"` };
  if (name.length > MAX_NAME_CHARS || name.split(' ').length > MAX_NAME_WORDS) return { reason: `too long for a name: "${name.slice(0, 40)}…"` };
  if (!NAME.test(name)) return { reason: `not a name: "${name.slice(0, 40)}"` };
  return { name };
}

function fromJson(text: string): { director: unknown; stars: unknown[] } | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const stars = record['stars'] ?? record['main_stars'] ?? record['cast'];
  return {
    director: record['director'],
    stars: Array.isArray(stars) ? stars : typeof stars === 'string' ? stars.split(/,|\band\b/) : [],
  };
}

function fromLines(text: string): { director: unknown; stars: unknown[] } {
  // "Director: X / Stars: A, B" on one line, or on separate lines.
  const director = /\bdirector\s*[:=-]\s*([^/\n]*)/i.exec(text)?.[1];
  const stars = /\b(?:main\s+)?(?:stars|cast|starring)\s*[:=-]\s*([^/\n]*)/i.exec(text)?.[1];
  return { director, stars: stars === undefined ? [] : stars.split(/,|\band\b|;/) };
}

export function parseAttributes(text: string): ParseResult<ParsedAttributes | null> {
  const notes: string[] = [];
  const raw = fromJson(text) ?? fromLines(text);
  let ignored = 0;
  const result: ParsedAttributes = { stars: [] };
  if (raw.director !== undefined && raw.director !== null) {
    const checked = checkName(raw.director);
    if ('name' in checked) result.director = checked.name;
    else {
      ignored++;
      notes.push(`ignored director (${checked.reason})`);
    }
  }
  for (const star of raw.stars) {
    if (typeof star === 'string' && star.trim() === '') continue; // "A, B," leaves an empty piece
    const checked = checkName(star);
    if (!('name' in checked)) {
      ignored++;
      notes.push(`ignored star (${checked.reason})`);
    } else if (result.stars.includes(checked.name)) {
      continue;
    } else if (result.stars.length >= MAX_STARS) {
      ignored++;
      notes.push(`ignored star beyond the first ${MAX_STARS}: "${checked.name}"`);
    } else {
      result.stars.push(checked.name);
    }
  }
  if (result.director === undefined && result.stars.length === 0) {
    notes.push('no director or stars found');
    return { result: null, ignored, notes };
  }
  return { result, ignored, notes };
}
