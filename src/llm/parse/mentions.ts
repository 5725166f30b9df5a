/**
 * Finds, in order, every place a free-text answer names a candidate (by label or by title) and
 * every place it names something that is not a candidate. The rest (prose, politeness, reasoning)
 * is skipped. Steps:
 *  0. Genre lists and ids repeated from the prompt are replaced by placeholders: they are not
 *     items, and a hostile genre cannot be read as a label (answer-details.ts).
 *  1. Candidate titles written out in full (also JSON-escaped, without the year, or with the
 *     article in front) are replaced by placeholders, so commas, quotes or "[C]" inside a
 *     title can neither split it nor be read as labels (titles are data, even in the answer).
 *  2. Other quoted strings become placeholders too; each is matched to a title or counted unknown
 *     (a quoted label is that label).
 *  3. The text is split into segments at line breaks, commas, semicolons, ">", "|", "->", "then".
 *  4. A segment yields labels when it is only labels and filler ("C", "Option C", "Answer: C, A"),
 *     starts with a label ("C. Heat", "C) …"), or holds bracketed labels ("[C]", "(C)").
 *     Label-shaped tokens outside the candidate set count as ignored.
 *  5. Otherwise the whole segment is matched to a title (exact normal form, then fuzzy; a cut-off
 *     final segment may match the start of a title); failing that, capital letters inside a
 *     sentence count as labels when the next word shows it ("I prefer B over A"; "A great film"
 *     and "I think" do not). A short, title-like segment that matches nothing counts as
 *     ignored; longer prose is skipped.
 *  6. A label-shaped word that is no candidate's label but is a candidate's title ("M" for
 *     "M (1931)": the prompt gives no label M then, see labelsAvoidingTitles) names that title.
 *  7. A title several candidates share is decided by shared-titles.ts.
 */
import type { CandidateRef } from './parse-result.ts';
import { matchTitles, normalizeTitle, shortTitle, type TitleMatches } from './title-match.ts';
import { cleanTitle } from '../prompts/item-text.ts';
import { DETAIL_MARK, knownDetails, protectDetails, type EchoedDetail } from './answer-details.ts';
import { resolveMentions, type PendingMention } from './shared-titles.ts';

export interface Mention {
  /** Candidate index, or null for something that is not a candidate. */
  candidate: number | null;
  /** 'ambiguous': a title several candidates share, given to one of them by order (shared-titles.ts). */
  how: 'label' | 'title' | 'fuzzy' | 'truncated' | 'ambiguous' | 'unknown';
  raw: string;
}

const PLACEHOLDER = /\u0001([TQD])(\d+)\u0001/g;
const MENTION_PLACEHOLDER = /\u0001([TQ])(\d+)\u0001/g;
const HAS_MENTION = /\u0001[TQ]\d+\u0001/;
const DETAIL_PLACEHOLDER = new RegExp(`\u0001${DETAIL_MARK}\\d+\u0001`, 'g');
const SEPARATORS = /\r?\n|,|;|>|\||->|→|\bthen\b/i;
const LIST_MARKER = /^\s*(?:[-*•+]\s+|\d{1,3}[.)]\s*|#\d{1,3}:?\s*|\(\d{1,3}\)\s*|(?:rank|top|no\.?)\s*\d{1,3}\s*[:.)-]?\s*)/i;
const LEAD_IN = /^\s*(?:(?:my|the|final)\s+)*(?:answer|ranking|output|result|choice|recommendation)s?\s*(?:is|are|:)\s*:?\s*/i;
const FILLER = new Set(['option', 'options', 'candidate', 'candidates', 'movie', 'movies', 'item', 'items', 'label', 'labels', 'choice', 'answer', 'is', 'the', 'and', 'or', 'film', 'book']);
// Words after which a bare capital letter in prose is a label ("A is better", "I'd pick C over B").
const LABEL_FOLLOWERS = /^(?:$|[.,!?;:)]|is\b|was\b|seems\b|and\b|or\b|over\b|than\b|because\b|since\b|as\b|first\b|second\b|third\b|last\b|best\b|worst\b|next\b|for\b|[-–—])/;

interface LabelPatterns {
  token: RegExp;
  leading: RegExp;
  bracketed: RegExp;
  bare: RegExp;
}

/** Two-letter labels only exist beyond 26 candidates; otherwise "OK" or "TV" are not labels. */
function labelPatterns(candidates: readonly CandidateRef[]): LabelPatterns {
  const l = candidates.some((c) => c.label.length > 1) ? '[A-Z]{1,2}' : '[A-Z]';
  return {
    token: new RegExp(`^[[(]?(${l})[\\])]?[.:!]?$`),
    leading: new RegExp(`^[[(]?(${l})(?:[\\]).:]|\\s+[-–—]\\s)`),
    bracketed: new RegExp(`[[(](${l})[\\])]`, 'g'),
    bare: new RegExp(`(?<![\\p{L}\\p{N}'’])(${l})(?![\\p{L}\\p{N}'’])\\s*`, 'gu'),
  };
}

/** Capital-letter labels inside a sentence, when the next word shows they are not "A"/"I" as words. */
function proseLabels(segment: string, patterns: LabelPatterns): { label: string; at: number }[] {
  const labels: { label: string; at: number }[] = [];
  for (const match of segment.matchAll(patterns.bare)) {
    const after = segment.slice((match.index ?? 0) + match[0].length);
    if (LABEL_FOLLOWERS.test(after)) labels.push({ label: match[1] as string, at: match.index ?? 0 });
  }
  return labels;
}
const TITLE_LIKE = /(?:\b(?:19|20)\d{2}\b|^(?:[A-Z0-9][\w'’:-]*\s*){1,8}$)/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Spellings of a candidate's title an answer may use verbatim (plain and JSON-escaped). */
function titleVariants(title: string): string[] {
  const clean = cleanTitle(title);
  const year = /\s*\(\s*\d{4}\s*\)\s*$/.exec(clean);
  const noYear = year ? clean.slice(0, year.index) : clean;
  const cut = noYear.indexOf(' (');
  const short = cut > 0 ? noYear.slice(0, cut) : noYear;
  const forms = new Set<string>([clean, noYear, short]);
  for (const form of [noYear, short]) {
    // MovieLens moves leading articles to the end: "Matrix, The" is written "The Matrix".
    const moved = /^(.*),\s*(The|A|An)$/.exec(form);
    if (moved) {
      forms.add(`${moved[2]} ${moved[1]}`);
      if (year) forms.add(`${moved[2]} ${moved[1]} ${year[0].trim()}`);
    }
  }
  const variants = new Set<string>();
  for (const form of forms) {
    variants.add(form);
    variants.add(JSON.stringify(form).slice(1, -1));
  }
  return [...variants].filter((v) => v.length >= 4);
}

/**
 * Replaces written-out titles with `\u0001T<n>\u0001`; `groups[n]` lists the candidates with that
 * spelling (more than one when candidates share a title).
 */
function protectTitles(text: string, candidates: readonly CandidateRef[], groups: number[][]): string {
  const bySpelling = new Map<string, { variant: string; indices: number[] }>();
  candidates.forEach((c, index) => {
    for (const variant of titleVariants(c.title)) {
      const key = variant.toLowerCase();
      const entry = bySpelling.get(key);
      if (!entry) bySpelling.set(key, { variant, indices: [index] });
      else if (!entry.indices.includes(index)) entry.indices.push(index);
    }
  });
  let out = text;
  for (const { variant, indices } of [...bySpelling.values()].sort((a, b) => b.variant.length - a.variant.length)) {
    // Not inside a longer word, and not the start of a sequel ("Toy Story 2", "Rocky II").
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(variant)}(?![\\p{L}\\p{N}])(?!\\s+(?:\\d|II\\b|III\\b|IV\\b))`, 'giu');
    let group = -1;
    out = out.replace(pattern, () => {
      if (group < 0) group = groups.push(indices) - 1;
      return `\u0001T${group}\u0001`;
    });
  }
  return out;
}

/** Candidates a label-shaped word names as a title ("M" → "M (1931)"), by exact normal form only. */
function titlesReadAs(word: string, candidates: readonly CandidateRef[]): number[] {
  const query = normalizeTitle(word);
  if (query === '') return [];
  return candidates.flatMap((c, index) => (normalizeTitle(c.title) === query || shortTitle(c.title) === query ? [index] : []));
}

function protectQuotes(text: string, quoted: string[], patterns: LabelPatterns, candidates: readonly CandidateRef[]): string {
  const replace = (inner: string, rest: string): string => {
    if (/^\s*\u0001[TD]\d+\u0001\s*$/.test(inner)) return inner.trim();
    // JSON keys ("ranking": […]) are structure, not items.
    if (/^\s*:/.test(rest)) return ' ';
    // A quoted label ("C") is that label, unless there is no such label and it is a title ("M").
    const label = patterns.token.exec(inner.trim());
    if (label && (labelIndex(label[1] as string, candidates) >= 0 || titlesReadAs(label[1] as string, candidates).length === 0)) return `[${label[1]}]`;
    quoted.push(inner);
    return `\u0001Q${quoted.length - 1}\u0001`;
  };
  // Closed quotes, then one left open by a truncated answer (to the end of its line).
  const closed = text.replace(/["“”]([^"“”\n]{1,300})["“”]/g, (match: string, inner: string, offset: number, all: string) =>
    replace(inner, all.slice(offset + match.length)),
  );
  return closed.replace(/["“]([^"“”\n\u0001]{1,300})$/g, (_, inner: string) => replace(inner, ''));
}

function labelIndex(label: string, candidates: readonly CandidateRef[]): number {
  return candidates.findIndex((c) => c.label === label);
}

/** Labels a segment gives, in order, or null when the segment is not label-shaped. */
function labelsOf(segment: string, patterns: LabelPatterns): string[] | null {
  const words = segment.split(/\s+/).filter((w) => w !== '');
  // A lone lowercase letter ("c") is a label; inside a sentence "a" is an article.
  if (words.length === 1 && /^[[(]?[a-z][\])]?[.:!]?$/.test(words[0] as string)) return labelsOf((words[0] as string).toUpperCase(), patterns);
  const meaningful = words.filter((w) => !FILLER.has(w.toLowerCase().replace(/[:.]$/, '')));
  if (meaningful.length > 0 && meaningful.every((w) => patterns.token.test(w))) {
    return meaningful.map((w) => (patterns.token.exec(w) as RegExpExecArray)[1] as string);
  }
  const firstMeaningful = words.findIndex((w) => !FILLER.has(w.toLowerCase().replace(/[:.]$/, '')));
  const leading = firstMeaningful < 0 ? null : patterns.leading.exec(words.slice(firstMeaningful).join(' '));
  if (leading) return [leading[1] as string];
  const bracketed = [...segment.matchAll(patterns.bracketed)].map((m) => m[1] as string);
  return bracketed.length > 0 ? bracketed : null;
}

export function extractMentions(text: string, candidates: readonly CandidateRef[]): { mentions: Mention[]; notes: string[] } {
  const notes: string[] = [];
  const titles = candidates.map((c) => c.title);
  const quoted: string[] = [];
  const details: EchoedDetail[] = [];
  const groups: number[][] = [];
  const known = knownDetails(candidates);
  const cleaned = text.replace(/[*_`]+/g, '').replace(/\u0001/g, '');
  const pending: PendingMention[] = [];
  const patterns = labelPatterns(candidates);
  const withDetails = protectDetails(cleaned, known, details);
  const protectedText = protectQuotes(protectTitles(withDetails, candidates, groups), quoted, patterns, candidates);
  const segments = protectedText.split(SEPARATORS);
  let prose = 0;

  const fromTitle = (raw: string, match: TitleMatches, repeated: EchoedDetail[]): PendingMention => {
    if (!match) return { options: [], how: 'unknown', raw, details: [] };
    return { options: match.indices, how: match.how === 'exact' ? 'title' : match.how, raw, details: repeated };
  };
  // A label, or a label-shaped word that is no label but a candidate's title ("M").
  const byLabel = (label: string): PendingMention | null => {
    const index = labelIndex(label, candidates);
    if (index >= 0) return { options: [index], how: 'label', raw: label, details: [] };
    const asTitle = titlesReadAs(label, candidates);
    return asTitle.length > 0 ? { options: asTitle, how: 'title', raw: label, details: [] } : null;
  };
  const labelsGroup = (group: readonly number[]) => group.map((i) => candidates[i]?.label).join(' and ');

  segments.forEach((rawSegment, segmentIndex) => {
    const last = segmentIndex === segments.length - 1;
    let segment = rawSegment.replace(LIST_MARKER, '').replace(LEAD_IN, '').trim();
    const hadMarker = segment !== rawSegment.trim();
    // Nothing left, or only fields repeated from the prompt (a genre list split off by its commas).
    const withoutDetails = segment.replace(DETAIL_PLACEHOLDER, ' ');
    if (withoutDetails.replace(/[\s.:!?()[\]-]/g, '') === '') return;

    const found: PendingMention[] = [];
    // Labels first: "[C] "Heat"" names C by its label, whatever the quoted text says.
    const withoutPlaceholders = segment.replace(PLACEHOLDER, ' ').trim();
    const labels = withoutPlaceholders === '' ? null : labelsOf(withoutPlaceholders, patterns);
    if (labels) {
      for (const match of segment.matchAll(MENTION_PLACEHOLDER)) {
        const group = groups[Number(match[2])] ?? [];
        const index = labelIndex(labels[0] as string, candidates);
        if (match[1] === 'T' && labels.length === 1 && index >= 0 && !group.includes(index)) {
          notes.push(`label ${labels[0]} written next to the title of ${labelsGroup(group)}; took the label`);
        }
      }
      for (const label of labels) found.push(byLabel(label) ?? { options: [], how: 'unknown', raw: label, details: [] });
    }
    const knownLabel = (label: string, at: number) => {
      const mention = byLabel(label);
      return mention ? [{ at, mention }] : [];
    };
    if (!labels && HAS_MENTION.test(segment)) {
      // Quoted or written-out titles, plus any labels in the surrounding sentence, in reading order.
      // Repeated fields belong to the title they follow (or, before any, to the first).
      const blanked = segment.replace(PLACEHOLDER, (m) => ' '.repeat(m.length));
      const titled: { at: number; mention: PendingMention }[] = [];
      const early: EchoedDetail[] = [];
      for (const match of segment.matchAll(PLACEHOLDER)) {
        const n = Number(match[2]);
        if (match[1] === DETAIL_MARK) {
          const detail = details[n] as EchoedDetail;
          const owner = titled.at(-1);
          if (owner) owner.mention.details.push(detail);
          else early.push(detail);
          continue;
        }
        const mention: PendingMention =
          match[1] === 'T'
            ? { options: [...(groups[n] ?? [])], how: 'title', raw: titles[groups[n]?.[0] ?? -1] ?? '', details: [] }
            : fromTitle(quoted[n] ?? '', matchTitles(quoted[n] ?? '', titles, last), []);
        titled.push({ at: match.index ?? 0, mention });
      }
      titled[0]?.mention.details.push(...early);
      const inOrder = [...titled, ...proseLabels(blanked, patterns).flatMap(({ label, at }) => knownLabel(label, at))].sort((x, y) => x.at - y.at);
      found.push(...inOrder.map((entry) => entry.mention));
    }
    if (!labels && found.length === 0) {
      const repeated = [...segment.matchAll(PLACEHOLDER)].filter((m) => m[1] === DETAIL_MARK).map((m) => details[Number(m[2])] as EchoedDetail);
      segment = withoutPlaceholders;
      const match = matchTitles(segment, titles, last);
      const inProse = proseLabels(segment, patterns).flatMap(({ label, at }) => knownLabel(label, at));
      if (match) found.push(fromTitle(segment, match, repeated));
      else if (inProse.length > 0) found.push(...inProse.map((entry) => entry.mention));
      else if (hadMarker || (segment.split(/\s+/).length <= 8 && TITLE_LIKE.test(segment))) {
        found.push({ options: [], how: 'unknown', raw: segment, details: [] });
      } else prose += 1;
    }
    pending.push(...found);
  });
  if (prose > 0) notes.push(`skipped ${prose} segment(s) of prose`);
  return { mentions: resolveMentions(pending, candidates, notes), notes };
}
