import { describe, expect, it } from 'vitest';
import { pairPromptBuilder } from './pair-prompt-builder.ts';
import { titledItem } from '../../tests/helpers/augment/item-titles.ts';

const history = () => [{ item: { title: 'Loved it' }, rating: 5 }, { item: { title: 'Hated it' }, rating: 1 }];

describe('pairPromptBuilder', () => {
  it('builds the pairwise prompt with A = pair[0], B = pair[1] and the user\'s liked/disliked items', async () => {
    const prompt = await pairPromptBuilder({ history, item: titledItem, options: { contextWindow: 4096 } })(3, [8, 5]);
    const text = prompt.messages.at(-1)!.content;
    expect(prompt.task).toBe('pair');
    expect(text).toMatch(/\[A\] "Item 8"[\s\S]*\[B\] "Item 5"/);
    expect(text).toMatch(/Liked[\s\S]*"Loved it"[\s\S]*Disliked[\s\S]*"Hated it"/);
    expect(text).not.toMatch(/Conventional model|similar user/i);
  });

  it('adds the similar user and MF\'s preference only when given', async () => {
    const build = pairPromptBuilder({
      history,
      item: titledItem,
      options: { contextWindow: 4096 },
      similarUser: () => ({ history: [{ item: { title: 'Their favourite' }, rating: 5 }] }),
      mfPreference: (_u, [a, b]) => (a > b ? 'A' : 'B'),
    });
    const text = (await build(3, [8, 5])).messages.at(-1)!.content;
    expect(text).toMatch(/Most similar user's liked[\s\S]*"Their favourite"/);
    expect(text).toMatch(/Conventional model's preference: A/);
  });
});
