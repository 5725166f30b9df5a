import { describe, expect, it } from 'vitest';
import { parseRanking } from './parse-ranking.ts';
import { parseChoice } from './parse-choice.ts';
import { parseYesNo } from './parse-yes-no.ts';
import { parseRating } from './parse-rating.ts';
import {
  pairCandidates,
  pairCases,
  rankCandidates,
  rankCases,
  ratingCases,
  yesNoCases,
} from '../../../tests/fixtures/llm/outputs/corpus.ts';
import { fieldCorpora } from '../../../tests/fixtures/llm/outputs/field-corpus.ts';
import { buildRankPrompt } from '../prompts/rank-prompt.ts';

describe('parseRanking over the output corpus', () => {
  it.each(rankCases)('$name', ({ text, expected, ignored }) => {
    const parsed = parseRanking(text, rankCandidates, 3);
    expect({ result: parsed.result, ignored: parsed.ignored }).toEqual({ result: expected, ignored });
  });
});

describe('parseChoice over the pairwise corpus', () => {
  it.each(pairCases)('$name', ({ text, expected, ignored }) => {
    const parsed = parseChoice(text, pairCandidates);
    expect({ result: parsed.result, ignored: parsed.ignored }).toEqual({ result: expected, ignored });
  });
});

describe.each(fieldCorpora)('answers about $name', ({ items, refs, rankCases: cases, choiceCases }) => {
  it('uses the candidates exactly as the prompt builder describes them', () => {
    expect(buildRankPrompt({ history: [], candidates: items, k: 1 }, { contextWindow: 8192 }).candidates).toEqual(refs);
  });
  it.each(cases)('ranking: $name', ({ text, expected, ignored }) => {
    const parsed = parseRanking(text, refs);
    expect({ result: parsed.result, ignored: parsed.ignored }).toEqual({ result: expected, ignored });
  });
  it.each(choiceCases)('choice: $name', ({ text, expected, ignored }) => {
    const parsed = parseChoice(text, refs);
    expect({ result: parsed.result, ignored: parsed.ignored }).toEqual({ result: expected, ignored });
  });
});

describe('parseYesNo', () => {
  it.each(yesNoCases)('"$text"', ({ text, expected, ignored }) => {
    const parsed = parseYesNo(text);
    expect({ result: parsed.result, ignored: parsed.ignored }).toEqual({ result: expected, ignored });
  });
});

describe('parseRating', () => {
  it.each(ratingCases)('"$text"', ({ text, expected, ignored }) => {
    const parsed = parseRating(text);
    expect({ result: parsed.result, ignored: parsed.ignored }).toEqual({ result: expected, ignored });
  });
});

describe('notes', () => {
  it('say what was ignored, matched loosely, or missing', () => {
    const parsed = parseRanking('1. "Fargo (1996)"\n2. "Toy Sto', rankCandidates, 3);
    expect(parsed.notes).toContain('"Toy Sto" matched C (truncated)');
    expect(parsed.notes).toContain('named 2 of the 3 requested');
    const hallucinated = parseRanking('K, C', rankCandidates);
    expect(hallucinated.notes).toContain('ignored "K": not a candidate');
  });
  it('flag a label written next to another candidate\'s title', () => {
    const parsed = parseRanking('A. Toy Story (1995)', rankCandidates);
    expect(parsed.result).toEqual([0]);
    expect(parsed.notes).toContain('label A written next to the title of C; took the label');
  });
});
