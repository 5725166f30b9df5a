import { describe, expect, it } from 'vitest';
import { fromChatCompletion } from './openai/chat-completion-wire.ts';
import { expectedRating, listwiseScores, normalizeToken, pairPreference, yesProbability } from './scoring.ts';
import * as fixtures from '../../tests/fixtures/llm/logprobs/webllm-shaped.ts';

// The same mapping the adapters use from the OpenAI shape to the port's ChatResponse.
const response = (json: unknown) => fromChatCompletion(json);

const abcde = ['Heat (1995)', 'Matrix, The (1999)', 'Toy Story (1995)', 'Fargo (1996)', 'Alien (1979)'].map((title, i) => ({
  label: 'ABCDE'[i] as string,
  title,
}));

describe('normalizeToken', () => {
  it('removes tokenizer space markers and wrapping punctuation', () => {
    expect(['Yes', ' Yes', '\u2581Yes', '\u0120Yes', '**Yes', 'Yes.', '[C', '(C)'].map(normalizeToken)).toEqual([
      'Yes', 'Yes', 'Yes', 'Yes', 'Yes', 'Yes', 'C', 'C',
    ]);
  });
});

describe('yesProbability', () => {
  it('normalises over Yes/No variants among the alternatives', () => {
    const scored = yesProbability(response(fixtures.yesGraded));
    expect(scored.source).toBe('logprobs');
    expect(scored.value).toBeCloseTo(0.84 / 0.99, 10);
  });
  it('marks temperature-0 answers as degenerate (a single live alternative)', () => {
    const scored = yesProbability(response(fixtures.noDegenerate));
    expect(scored).toMatchObject({ value: 0, source: 'logprobs-degenerate' });
  });
  it('with a single alternative (top_logprobs 1) the score is 0/1 and marked degenerate', () => {
    expect(yesProbability(response(fixtures.yesSingleAlternative))).toMatchObject({ value: 1, source: 'logprobs-degenerate' });
  });
  it('falls back to the text without logprobs, or when no answer token is in reach', () => {
    expect(yesProbability(response(fixtures.textOnly('No, they would not.')))).toMatchObject({ value: 0, source: 'text' });
    expect(yesProbability(response(fixtures.chattyYes))).toMatchObject({ value: 1, source: 'text' });
    expect(yesProbability(response(fixtures.textOnly('Hard to say.')))).toMatchObject({ value: null, source: 'none', ignored: 1 });
  });
});

describe('expectedRating', () => {
  it('is the expectation over digit tokens 1–5', () => {
    const scored = expectedRating(response(fixtures.ratingDirect));
    expect(scored.source).toBe('logprobs');
    expect(scored.value).toBeCloseTo((4 * 0.5 + 3 * 0.3 + 5 * 0.15 + 2 * 0.02) / 0.97, 10);
  });
  it('finds the digit after a "Rating:" opening', () => {
    expect(expectedRating(response(fixtures.ratingAfterPrefix)).value).toBeCloseTo((3 * 0.6 + 2 * 0.25 + 4 * 0.1) / 0.95, 10);
  });
  it('falls back to the parsed text', () => {
    expect(expectedRating(response(fixtures.textOnly('I would say 2/5')))).toMatchObject({ value: 2, source: 'text' });
  });
});

describe('pairPreference', () => {
  const pair = abcde.slice(0, 2);
  it('is P(A) against P(B), space variants included', () => {
    const scored = pairPreference(response(fixtures.pairB), pair);
    expect(scored.value).toBeCloseTo(0.35 / 0.97, 10);
  });
  it('falls back to the parsed choice', () => {
    expect(pairPreference(response(fixtures.textOnly('I prefer "Heat (1995)"')), pair)).toMatchObject({ value: 1, source: 'text' });
  });
});

describe('listwiseScores', () => {
  it('orders by first-position probability, then the text, then input order', () => {
    const scored = listwiseScores(response(fixtures.listwiseCab), abcde);
    expect(scored.source).toBe('logprobs');
    expect(scored.value.order).toEqual([2, 0, 1, 3, 4]);
    const p = scored.value.firstProbability;
    expect(p[2]).toBeCloseTo(0.5 / 0.95, 10);
    expect(p[0]).toBeCloseTo(0.3 / 0.95, 10);
    expect(p[3]).toBeCloseTo(0.05 / 0.95, 10);
    expect(p[4]).toBeNull();
  });
  it('reads the label after an opening bracket; at temperature 0 only the argmax has probability', () => {
    const scored = listwiseScores(response(fixtures.listwiseBracketDegenerate), abcde);
    expect(scored.source).toBe('logprobs-degenerate');
    expect(scored.value.firstProbability).toEqual([null, null, 1, null, null]);
    expect(scored.value.order).toEqual([2, 0, 1, 3, 4]);
  });
  it('uses the text order alone without logprobs, counting what it ignored', () => {
    const scored = listwiseScores(response(fixtures.textOnly('D, Z, B')), abcde);
    expect(scored).toMatchObject({ source: 'text', ignored: 1 });
    expect(scored.value.order).toEqual([3, 1, 0, 2, 4]);
  });
});
