import { describe, expect, it } from 'vitest';
import { estimateMessageTokens, estimateTokens, fitToBudget, mostRecent, promptTokenLimit } from './token-budget.ts';

describe('estimateTokens', () => {
  it('counts ASCII at 3.2 characters per token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abc')).toBe(1); // 3 / 3.2 = 0.94
    expect(estimateTokens('a'.repeat(32))).toBe(10);
    expect(estimateTokens('a'.repeat(33))).toBe(11);
  });
  it('counts non-ASCII characters by their UTF-8 bytes', () => {
    expect(estimateTokens('é')).toBe(2);
    expect(estimateTokens('千と千尋')).toBe(12);
    expect(estimateTokens('Amélie')).toBe(2 + 2); // 5 ASCII → 2, é → 2
  });
  it('adds 10 tokens per message for the chat template', () => {
    expect(estimateMessageTokens([{ role: 'system', content: 'abc' }, { role: 'user', content: '' }])).toBe(21);
  });
});

describe('budget helpers', () => {
  it('rejects a window no larger than the answer reserve', () => {
    expect(() => promptTokenLimit({ contextWindow: 100, answerReserve: 100 })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(promptTokenLimit({ contextWindow: 2048 })).toBe(1920);
  });
  it('mostRecent keeps the tail of a chronological list', () => {
    expect(mostRecent([1, 2, 3, 4], 2)).toEqual([3, 4]);
    expect(mostRecent([1, 2], 5)).toEqual([1, 2]);
    expect(mostRecent([1, 2], 0)).toEqual([]);
  });
});

describe('fitToBudget', () => {
  // Each kept entry adds 32 ASCII characters = exactly 10 tokens; the fixed part is one 10-token message.
  const render = (keep: number) => [{ role: 'user' as const, content: 'x'.repeat(32 * keep) }];

  it('finds the largest keep that fits', () => {
    // limit 200 - 128 = 72 tokens: 10 (message) + 10·keep ≤ 72 → keep = 6.
    const fitted = fitToBudget(render, 100, { contextWindow: 200 });
    expect(fitted.keep).toBe(6);
    expect(fitted.estimatedTokens).toBe(70);
  });
  it('never exceeds the given maximum', () => {
    expect(fitToBudget(render, 3, { contextWindow: 10_000 }).keep).toBe(3);
  });
  it('throws PROMPT_TOO_LONG when nothing fits', () => {
    expect(() => fitToBudget(() => [{ role: 'user', content: 'x'.repeat(1000) }], 5, { contextWindow: 200 })).toThrowError(
      expect.objectContaining({ code: 'PROMPT_TOO_LONG' }),
    );
  });
});
