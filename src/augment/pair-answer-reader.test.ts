import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../llm/engine.ts';
import { buildPairPrompt, type BuiltPrompt } from '../llm/prompts/index.ts';
import { pairAnswerReader } from './pair-answer-reader.ts';

const prompt = { labels: ['A', 'B'] } as unknown as BuiltPrompt;
const read = pairAnswerReader((i) => `Item ${i}`);
const text = (t: string): ChatResponse => ({ text: t, finishReason: 'stop' });

describe('pairAnswerReader', () => {
  it('reads the letter from text, with full confidence', () => {
    expect(read(prompt, text('B'), [20, 21])).toEqual({ choice: 'B', confidence: 1 });
    expect(read(prompt, text(' A.'), [20, 21])).toEqual({ choice: 'A', confidence: 1 });
  });

  it('reads a title named in free text', () => {
    expect(read(prompt, text('They would prefer "Item 21".'), [20, 21])).toMatchObject({ choice: 'B' });
  });

  it("reads a title two items share by the prompt's own candidates, and gives no verdict when nothing tells them apart", () => {
    const built = buildPairPrompt(
      { history: [], itemA: { id: '838', title: 'Emma (1996)', genres: ['Comedy', 'Romance'] }, itemB: { id: '26958', title: 'Emma (1996)', genres: ['Romance'] } },
      { contextWindow: 4096 },
    );
    expect(read(built, text('The user would prefer "Emma (1996)" "Romance".'), [20, 21])).toMatchObject({ choice: 'B' });
    expect(read(built, text('"Emma (1996)" id "838"'), [20, 21])).toMatchObject({ choice: 'A' });
    expect(read(built, text('Emma (1996)'), [20, 21])).toBeNull();
  });

  it('takes the confidence from logprobs: P(A) = 0.7 / (0.7 + 0.2)', () => {
    const response: ChatResponse = {
      text: 'A',
      finishReason: 'stop',
      logprobs: [{ token: 'A', logprob: Math.log(0.7), top: [{ token: 'A', logprob: Math.log(0.7) }, { token: 'B', logprob: Math.log(0.2) }] }],
    };
    const v = read(prompt, response, [20, 21]);
    expect(v?.choice).toBe('A');
    expect(v?.confidence).toBeCloseTo(0.7 / 0.9, 12);
  });

  it('gives no verdict for an answer naming neither, or an even split', () => {
    expect(read(prompt, text('Both are fine.'), [20, 21])).toBeNull();
    const even: ChatResponse = {
      text: 'A',
      finishReason: 'stop',
      logprobs: [{ token: 'A', logprob: Math.log(0.4), top: [{ token: 'B', logprob: Math.log(0.4) }] }],
    };
    expect(read(prompt, even, [20, 21])).toBeNull();
  });
});
