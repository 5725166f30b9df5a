/**
 * One-of-n answers (pairwise "A or B", next-item choice) → the candidate named first, or null.
 * "I prefer B over A" names B first; an answer naming several candidates is noted as ambiguous.
 */
import type { CandidateRef, ParseResult } from './parse-result.ts';
import { parseRanking } from './parse-ranking.ts';

export function parseChoice(text: string, candidates: readonly CandidateRef[]): ParseResult<number | null> {
  const { result, ignored, notes } = parseRanking(text, candidates);
  if (result.length === 0) notes.push('no candidate named');
  if (result.length > 1) notes.push(`ambiguous: ${result.length} candidates named; took the first`);
  return { result: result[0] ?? null, ignored, notes };
}
