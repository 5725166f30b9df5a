/**
 * Matching free text to candidate titles: a normal form that forgives case, accents,
 * punctuation, a trailing year and MovieLens' moved articles ("Matrix, The" = "The Matrix"),
 * and a fuzzy score (Dice coefficient over character bigrams) for near misses and typos.
 */

const MOVED_ARTICLE = /^(.*),\s*(the|a|an|les|la|le|l'|il|das|der|die|el|los|las)\s*$/;

export function normalizeTitle(text: string): string {
  let s = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  s = s.replace(/\(\s*\d{4}\s*\)\s*$/, '').trim();
  s = s.replace(MOVED_ARTICLE, '$2 $1');
  s = s.replace(/[^a-z0-9]+/g, ' ').trim();
  return s.replace(/^(the|a|an) /, '');
}

/** The title before any alternative title in parentheses: "Amélie (Fabuleux destin…) (2001)" → "amelie". */
export function shortTitle(text: string): string {
  const withoutYear = text.replace(/\(\s*\d{4}\s*\)\s*$/, '').trim();
  const cut = withoutYear.indexOf(' (');
  return normalizeTitle(cut > 0 ? withoutYear.slice(0, cut) : withoutYear);
}

function bigrams(s: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const gram = s.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Dice coefficient of two normalized strings, 0..1 (1 = equal). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  for (const [gram, count] of x) shared += Math.min(count, y.get(gram) ?? 0);
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

/** Below this, a fuzzy match is not trusted. */
export const FUZZY_THRESHOLD = 0.8;
/** The best match must beat the runner-up by this much, or the text is ambiguous. */
export const FUZZY_MARGIN = 0.05;

/** Numbers and roman numerals in a normal form: "Toy Story 2" must never fuzzily match "Toy Story". */
function sequelMarks(normal: string): string {
  return normal
    .split(' ')
    .filter((word) => /^(?:\d+|ii|iii|iv|v|vi|vii|viii|ix|x)$/.test(word))
    .join(' ');
}

export type TitleMatch = { index: number; how: 'exact' | 'fuzzy' | 'truncated' } | null;

/** Every candidate a text names: several when candidates share a title ("Emma (1996)" twice). */
export type TitleMatches = { indices: number[]; how: 'exact' | 'fuzzy' | 'truncated' } | null;

/**
 * The candidates whose title `text` names, or null. Candidates with the same normal form count
 * as one title here: a match returns all of them, and the caller decides between them. A fuzzy
 * match must beat every other title (not every other candidate) by FUZZY_MARGIN.
 * `allowTruncated`: the text may be the cut-off start of a title (the answer ran out of
 * tokens); it must then be a prefix of exactly one title's normal form and at least 5
 * characters long.
 */
export function matchTitles(text: string, titles: readonly string[], allowTruncated = false): TitleMatches {
  const query = normalizeTitle(text);
  if (query === '') return null;
  const forms = titles.map((title) => [normalizeTitle(title), shortTitle(title)] as const);
  const exact = forms.flatMap(([full, short], index) => (query === full || query === short ? [index] : []));
  if (exact.length > 0) return { indices: exact, how: 'exact' };
  // One entry per distinct title: its normal forms and the candidates that have it.
  const byTitle = new Map<string, { full: string; short: string; indices: number[] }>();
  forms.forEach(([full, short], index) => {
    const entry = byTitle.get(full);
    if (entry) entry.indices.push(index);
    else byTitle.set(full, { full, short, indices: [index] });
  });
  const distinct = [...byTitle.values()];
  if (allowTruncated && query.length >= 5) {
    const prefixed = distinct.filter((entry) => entry.full.startsWith(query));
    if (prefixed.length === 1) return { indices: (prefixed[0] as (typeof distinct)[number]).indices, how: 'truncated' };
  }
  let best: number[] | null = null;
  let bestScore = 0;
  let second = 0;
  const marks = sequelMarks(query);
  for (const { full, short, indices } of distinct) {
    const score = Math.max(
      sequelMarks(full) === marks ? similarity(query, full) : 0,
      sequelMarks(short) === marks ? similarity(query, short) : 0,
    );
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = indices;
    } else if (score > second) {
      second = score;
    }
  }
  if (best && bestScore >= FUZZY_THRESHOLD && bestScore - second >= FUZZY_MARGIN) return { indices: best, how: 'fuzzy' };
  return null;
}

/** The one candidate whose title `text` names, or null (also when several candidates share that title). */
export function matchTitle(text: string, titles: readonly string[], allowTruncated = false): TitleMatch {
  const found = matchTitles(text, titles, allowTruncated);
  return found && found.indices.length === 1 ? { index: found.indices[0] as number, how: found.how } : null;
}
