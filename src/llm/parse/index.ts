/** Parsers of free-text LLM answers, mapped back only to the given candidates. */
export type { CandidateRef, ParseResult } from './parse-result.ts';
export { parseRanking } from './parse-ranking.ts';
export { parseChoice } from './parse-choice.ts';
export { parseYesNo } from './parse-yes-no.ts';
export { parseRating } from './parse-rating.ts';
export { matchTitle, normalizeTitle, similarity } from './title-match.ts';
export { parseAttributes, type ParsedAttributes } from './parse-attributes.ts';
