/**
 * Scores from the model's token probabilities, with parsed text as the fallback.
 *  - pointwise: P(Yes), normalised over the Yes/No variants among the first answer token's alternatives;
 *  - rating: the expected rating over the digit tokens 1–5;
 *  - pairwise: P(A) against P(B);
 *  - listwise: each candidate's probability of being named first, then the text's order.
 *
 * Which token: the first of the first `SCAN_TOKENS` generated tokens that is itself an answer
 * token ("Yes", "4", "C"); failing that, the first whose alternatives contain one (the model
 * opened with "Rating:" or a space). Tokenizers differ in how they write a leading space
 * ("▁Yes" SentencePiece, "ĠYes" GPT-2 BPE, " Yes" decoded), so tokens are normalised first.
 *
 * WebLLM specifics: logprobs come back only with `topLogprobs > 0` (at most 5 alternatives), and
 * its probabilities are softmax(logits / T) with T clamped to 1e-6, so at temperature 0 the
 * argmax gets probability 1 and every alternative log(0) = -Infinity: the score is then 0 or 1
 * and marked `logprobs-degenerate`. Ask with `SCORING_REQUEST` for graded scores.
 */
import type { ChatResponse, TokenAlternative, TokenLogprob } from './engine.ts';
import type { CandidateRef } from './parse/parse-result.ts';
import { parseChoice } from './parse/parse-choice.ts';
import { parseRanking } from './parse/parse-ranking.ts';
import { parseRating } from './parse/parse-rating.ts';
import { parseYesNo } from './parse/parse-yes-no.ts';

/** Request options that make logprob scores meaningful (temperature 1 = the model's own distribution). */
export const SCORING_REQUEST = { temperature: 1, topLogprobs: 5 } as const;

/** How many leading generated tokens are searched for the answer token. */
export const SCAN_TOKENS = 6;

export type ScoreSource = 'logprobs' | 'logprobs-degenerate' | 'text' | 'none';

export interface Scored<T> {
  value: T;
  source: ScoreSource;
  /** Things the text named that are not candidates (text fallback only). */
  ignored: number;
  notes: string[];
}

/** " Yes", "▁Yes", "ĠYes", "[C", "**4" → "Yes", "Yes", "Yes", "C", "4". */
export function normalizeToken(token: string): string {
  return token
    .replace(/^[\s\u2581\u0120]+/, '')
    .replace(/^[*"'`([{]+/, '')
    .replace(/[\s.,:;!?*"'`)\]}]+$/, '');
}

/** The chosen token and its alternatives, each raw token once (highest logprob kept). */
function alternatives(position: TokenLogprob): TokenAlternative[] {
  const byToken = new Map<string, number>();
  for (const alt of [{ token: position.token, logprob: position.logprob }, ...position.top]) {
    const seen = byToken.get(alt.token);
    if (seen === undefined || alt.logprob > seen) byToken.set(alt.token, alt.logprob);
  }
  return [...byToken].map(([token, logprob]) => ({ token, logprob }));
}

interface ClassMass<K> {
  mass: Map<K, number>;
  degenerate: boolean;
  position: number;
}

/** Probability mass per answer class at the answer position, or null when no position has any. */
function classMass<K>(logprobs: readonly TokenLogprob[] | undefined, classify: (token: string) => K | null): ClassMass<K> | null {
  if (!logprobs || logprobs.length === 0) return null;
  const scan = logprobs.slice(0, SCAN_TOKENS);
  let index = scan.findIndex((position) => classify(normalizeToken(position.token)) !== null);
  if (index < 0) index = scan.findIndex((position) => position.top.some((alt) => classify(normalizeToken(alt.token)) !== null));
  if (index < 0) return null;
  const alts = alternatives(scan[index] as TokenLogprob);
  const mass = new Map<K, number>();
  for (const alt of alts) {
    const key = classify(normalizeToken(alt.token));
    const p = Math.exp(alt.logprob);
    if (key !== null && p > 0) mass.set(key, (mass.get(key) ?? 0) + p);
  }
  if (mass.size === 0) return null;
  const finite = alts.filter((alt) => Number.isFinite(alt.logprob) && Math.exp(alt.logprob) > 0).length;
  return { mass, degenerate: finite <= 1, position: index };
}

function total(mass: Map<unknown, number>): number {
  let sum = 0;
  for (const p of mass.values()) sum += p;
  return sum;
}

function source(found: ClassMass<unknown>): ScoreSource {
  return found.degenerate ? 'logprobs-degenerate' : 'logprobs';
}

const yesNo = (token: string): 'yes' | 'no' | null => {
  const t = token.toLowerCase();
  return t === 'yes' ? 'yes' : t === 'no' ? 'no' : null;
};

/** P(Yes) in [0, 1]; null when neither logprobs nor text give an answer. */
export function yesProbability(response: ChatResponse): Scored<number | null> {
  const found = classMass(response.logprobs, yesNo);
  if (found) {
    return { value: (found.mass.get('yes') ?? 0) / total(found.mass), source: source(found), ignored: 0, notes: [] };
  }
  const parsed = parseYesNo(response.text);
  if (parsed.result === null) return { value: null, source: 'none', ignored: parsed.ignored, notes: parsed.notes };
  return { value: parsed.result ? 1 : 0, source: 'text', ignored: parsed.ignored, notes: parsed.notes };
}

const digit = (token: string): number | null => (/^[1-5]$/.test(token) ? Number(token) : null);

/** Expected rating over the digit tokens 1–5, in [1, 5]; null when nothing usable came back. */
export function expectedRating(response: ChatResponse): Scored<number | null> {
  const found = classMass(response.logprobs, digit);
  if (found) {
    let sum = 0;
    for (const [rating, p] of found.mass) sum += rating * p;
    return { value: sum / total(found.mass), source: source(found), ignored: 0, notes: [] };
  }
  const parsed = parseRating(response.text);
  return { value: parsed.result, source: parsed.result === null ? 'none' : 'text', ignored: parsed.ignored, notes: parsed.notes };
}

function labelClass(labels: readonly string[]): (token: string) => string | null {
  return (token) => (labels.includes(token) ? token : null);
}

/** P(first candidate) against the second, in [0, 1]; `candidates` are the prompt's A and B. */
export function pairPreference(response: ChatResponse, candidates: readonly CandidateRef[]): Scored<number | null> {
  const labels = candidates.map((c) => c.label);
  const found = classMass(response.logprobs, labelClass(labels));
  if (found) {
    return { value: (found.mass.get(labels[0] as string) ?? 0) / total(found.mass), source: source(found), ignored: 0, notes: [] };
  }
  const parsed = parseChoice(response.text, candidates);
  if (parsed.result === null) return { value: null, source: 'none', ignored: parsed.ignored, notes: parsed.notes };
  return { value: parsed.result === 0 ? 1 : 0, source: 'text', ignored: parsed.ignored, notes: parsed.notes };
}

export interface ListwiseScores {
  /** Candidate indices, best first: by first-position probability, then the text's order, then the rest in input order. */
  order: number[];
  /** Each candidate's probability of being named first (normalised over the candidates seen), or null. */
  firstProbability: (number | null)[];
}

export function listwiseScores(response: ChatResponse, candidates: readonly CandidateRef[]): Scored<ListwiseScores> {
  const labels = candidates.map((c) => c.label);
  const parsed = parseRanking(response.text, candidates);
  const found = classMass(response.logprobs, labelClass(labels));
  const firstProbability: (number | null)[] = candidates.map(() => null);
  if (found) {
    const sum = total(found.mass);
    labels.forEach((label, i) => {
      const p = found.mass.get(label);
      if (p !== undefined) firstProbability[i] = p / sum;
    });
  }
  const textRank = new Map(parsed.result.map((index, rank) => [index, rank]));
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => {
      const pa = firstProbability[a] ?? -1;
      const pb = firstProbability[b] ?? -1;
      if (pa !== pb) return pb - pa;
      const ra = textRank.get(a) ?? Number.MAX_SAFE_INTEGER;
      const rb = textRank.get(b) ?? Number.MAX_SAFE_INTEGER;
      return ra - rb || a - b;
    });
  const scoreSource: ScoreSource = found ? source(found) : parsed.result.length > 0 ? 'text' : 'none';
  return { value: { order, firstProbability }, source: scoreSource, ignored: parsed.ignored, notes: parsed.notes };
}
