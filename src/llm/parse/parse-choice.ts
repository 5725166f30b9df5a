/**
 * One-of-n answers (pairwise "A or B", next-item choice) → the candidate named first, or null.
 * "I prefer B over A" names B first; an answer naming several candidates is noted as ambiguous.
 * A title that several candidates share, named without their label, genres or id, is no choice
 * (null): taking the first of them would be a guess the answer did not make.
 */
import type { CandidateRef, ParseResult } from './parse-result.ts';
import { rankWithHow } from './parse-ranking.ts';

export function parseChoice(text: string, candidates: readonly CandidateRef[]): ParseResult<number | null> {
  const { result, ignored, notes, how } = rankWithHow(text, candidates);
  if (result.length === 0) notes.push('no candidate named');
  if (how[0] === 'ambiguous') {
    notes.push('the first candidate named is a title several candidates share; no choice');
    return { result: null, ignored, notes };
  }
  if (result.length > 1) notes.push(`ambiguous: ${result.length} candidates named; took the first`);
  return { result: result[0] ?? null, ignored, notes };
}
