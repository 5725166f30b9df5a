/**
 * Listwise answers ("C, A, B", a numbered list of titles, a chatty paragraph…) → candidate
 * indices, best first. Only the given candidates can appear; repeats keep their first place.
 */
import { extractMentions, type Mention } from './mentions.ts';
import type { CandidateRef, ParseResult } from './parse-result.ts';

/** The ranking and, per ranked candidate, how the answer named it (parse-choice.ts reads it). */
export function rankWithHow(text: string, candidates: readonly CandidateRef[], k?: number): ParseResult<number[]> & { how: Mention['how'][] } {
  const { mentions, notes } = extractMentions(text, candidates);
  const ranking: number[] = [];
  const how: Mention['how'][] = [];
  let ignored = 0;
  let repeats = 0;
  for (const mention of mentions) {
    if (mention.candidate === null) {
      ignored += 1;
      notes.push(`ignored "${mention.raw.slice(0, 60)}": not a candidate`);
    } else if (ranking.includes(mention.candidate)) {
      repeats += 1;
    } else {
      ranking.push(mention.candidate);
      how.push(mention.how);
      if (mention.how === 'fuzzy' || mention.how === 'truncated') notes.push(`"${mention.raw.slice(0, 60)}" matched ${candidates[mention.candidate]?.label} (${mention.how})`);
    }
  }
  if (repeats > 0) notes.push(`${repeats} repeated candidate(s) kept at their first place`);
  if (k !== undefined && ranking.length < k) notes.push(`named ${ranking.length} of the ${k} requested`);
  return { result: ranking, ignored, notes, how };
}

export function parseRanking(text: string, candidates: readonly CandidateRef[], k?: number): ParseResult<number[]> {
  const { result, ignored, notes } = rankWithHow(text, candidates, k);
  return { result, ignored, notes };
}
