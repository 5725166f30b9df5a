import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../llm/engine.ts';
import { ScriptedLlmDouble } from '../testing/test-double.ts';
import { candidatesInPrompt, titledItem } from '../../tests/helpers/augment/item-titles.ts';
import { listwiseRanker, pointwiseRanker, yesNoRanker, type RankerSource } from './llm-rankers.ts';

const MF = [10, 11, 12, 13, 14].map((item, s) => ({ item, score: 5 - s }));
const HISTORY = [{ item: { title: 'Seen film' }, rating: 5 }];
const userText = (r: ChatRequest) => r.messages.at(-1)!.content;

function source(engine: ScriptedLlmDouble, extra: Partial<RankerSource> = {}): RankerSource {
  return { engine, history: () => HISTORY, item: titledItem, ...extra };
}

/** Names the candidates by item number, highest first, whatever order they are shown in. */
const highestFirst = (request: ChatRequest) =>
  [...candidatesInPrompt(request)].sort((a, b) => b[1] - a[1]).map(([label]) => label).join(', ');

describe('listwiseRanker', () => {
  it('maps the labels the LLM names back to items, at most P of them', async () => {
    const engine = new ScriptedLlmDouble(highestFirst);
    const order = await listwiseRanker(source(engine))({ user: 4, candidates: MF, places: 3 });
    expect(order).toEqual([14, 13, 12]);
    expect(userText(engine.requests[0]!)).toMatch(/return the top 3/);
  });

  it('states MF\'s ranking in the shown labels, and lists candidates shuffled per user unless told not to', async () => {
    const engine = new ScriptedLlmDouble(highestFirst);
    const rank = listwiseRanker(source(engine));
    for (let user = 0; user < 6; user++) await rank({ user, candidates: MF, places: 5 });
    const shownOrders = engine.requests.map((r) => [...candidatesInPrompt(r).values()].join());
    expect(new Set(shownOrders).size).toBeGreaterThan(1); // not always MF order
    for (const r of engine.requests) {
      const byLabel = candidatesInPrompt(r);
      const hint = /Conventional model's ranking \(best first\): (.*)$/m.exec(userText(r))![1]!;
      expect(hint.split(', ').map((l) => byLabel.get(l))).toEqual([10, 11, 12, 13, 14]);
    }
    const plain = new ScriptedLlmDouble(highestFirst);
    await listwiseRanker(source(plain, { shuffleSeed: null }))({ user: 0, candidates: MF, places: 5 });
    expect([...candidatesInPrompt(plain.requests[0]!).values()]).toEqual([10, 11, 12, 13, 14]);
  });

  it('switches the prompt-augmentation parts on and off', async () => {
    const engine = new ScriptedLlmDouble(highestFirst);
    const similarUser = () => ({ history: [{ item: { title: 'Their film' }, rating: 4 }] });
    await listwiseRanker(source(engine, { similarUser }))({ user: 0, candidates: MF, places: 2 });
    await listwiseRanker(source(engine, { mfHint: false }))({ user: 0, candidates: MF, places: 2 });
    expect(userText(engine.requests[0]!)).toMatch(/Most similar user's history[\s\S]*"Their film"/);
    expect(userText(engine.requests[0]!)).toMatch(/Conventional model's ranking/);
    expect(userText(engine.requests[1]!)).not.toMatch(/Conventional model's ranking|Most similar user/);
  });

  it('maps an answer by title to the right one of two candidates that share a title', async () => {
    const items: Record<number, { id: string; title: string; genres: string[] }> = {
      10: { id: '838', title: 'Emma (1996)', genres: ['Comedy', 'Drama', 'Romance'] },
      11: { id: '6', title: 'Heat (1995)', genres: ['Action'] },
      12: { id: '26958', title: 'Emma (1996)', genres: ['Romance'] },
    };
    const rank = (answer: string) =>
      listwiseRanker(source(new ScriptedLlmDouble(() => answer), { item: (i) => items[i]!, shuffleSeed: null }))({ user: 0, candidates: MF.slice(0, 3), places: 2 });
    expect(await rank('"Emma (1996)" "Romance"')).toEqual([12]);
    expect(await rank('Emma (1996), Emma (1996)')).toEqual([10, 12]);
    expect(await rank('A, Emma (1996)')).toEqual([10, 12]);
  });

  it('returns null when the answer names no candidate', async () => {
    expect(await listwiseRanker(source(new ScriptedLlmDouble(() => 'I cannot say.')))({ user: 0, candidates: MF, places: 3 })).toBeNull();
  });
});

describe("pointwiseRanker (the paper's: a rating per candidate)", () => {
  it('asks a rating prompt per candidate with MF\'s place as the hint, and orders by the expected rating; MF order breaks ties', async () => {
    // Expected ratings 2, 4.5, 4.5, —, 3 for items 10..14 (13 answers no digit).
    const ratings: Record<number, number[]> = { 10: [2], 11: [4, 5], 12: [5, 4], 14: [3] };
    const engine = new ScriptedLlmDouble((request) => {
      const item = Number(/Target movie: "Item (\d+)"/.exec(userText(request))![1]);
      const digits = ratings[item];
      if (digits === undefined) return 'Hard to tell.';
      const top = digits.map((d) => ({ token: String(d), logprob: Math.log(1 / digits.length) }));
      return { text: String(digits[0]), logprobs: [{ token: String(digits[0]), logprob: top[0]!.logprob, top }] };
    });
    const order = await pointwiseRanker(source(engine))({ user: 0, candidates: MF, places: 5 });
    expect(engine.requests).toHaveLength(5);
    expect(order).toEqual([11, 12, 14, 10]);
    const prompt = userText(engine.requests[1]!);
    expect(prompt).toMatch(/Predict the rating from 1 \(worst\) to 5 \(best\)/);
    expect(prompt).toMatch(/Conventional model's ranking: this movie is 2nd of 5 candidates\./);
    const plain = await pointwiseRanker(source(engine, { mfHint: false }))({ user: 0, candidates: MF, places: 2 });
    expect(plain).toEqual([11, 12]);
    expect(userText(engine.requests.at(-1)!)).not.toMatch(/Conventional model/);
  });
});

describe('yesNoRanker', () => {
  it('orders candidates by P(Yes), one call each; unanswered ones stay unplaced', async () => {
    // P(Yes) = 0.9, 0.3, 0.7, —, 0.5 for items 10..14 (13 answers without logprobs or a yes/no).
    const pYes: Record<number, number> = { 10: 0.9, 11: 0.3, 12: 0.7, 14: 0.5 };
    const engine = new ScriptedLlmDouble((request) => {
      const item = Number(/"Item (\d+)"/.exec(userText(request))![1]);
      const p = pYes[item];
      if (p === undefined) return 'Hard to tell.';
      return { text: 'Yes', logprobs: [{ token: 'Yes', logprob: Math.log(p), top: [{ token: 'Yes', logprob: Math.log(p) }, { token: 'No', logprob: Math.log(1 - p) }] }] };
    });
    const order = await yesNoRanker(source(engine))({ user: 0, candidates: MF, places: 5 });
    expect(engine.requests).toHaveLength(5);
    expect(order).toEqual([10, 12, 14, 11]);
    expect(userText(engine.requests[2]!)).toMatch(/3rd of 5 candidates/);
    expect(await yesNoRanker(source(engine))({ user: 0, candidates: MF, places: 2 })).toEqual([10, 12]);
  });
});
