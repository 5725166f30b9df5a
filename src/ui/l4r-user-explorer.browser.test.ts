import { expect, test } from 'vitest';
import type { RecommendationSource, Recommendations } from './recommendation-source.ts';
import type { L4rUserExplorer } from './l4r-user-explorer.ts';
import type { L4rRecommendations } from './l4r-recommendations.ts';
import './l4r-user-explorer.ts';
import { mounter } from '../../tests/helpers/ui/mounter.ts';

const mount = mounter('l4r-user-explorer');

function submit(el: L4rUserExplorer, id: string): void {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="user"]')!;
  input.value = id;
  el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

/** A test double that answers every user with one item and a similar user. */
const similarSource: RecommendationSource = {
  recommend: async (userId): Promise<Recommendations> => ({
    userId,
    producedBy: 'BPR-MF + LLM test double',
    similarUser: { userId: '9', similarity: 0.8125 },
    items: [{ itemId: '5', title: 'Heat (1995)', year: 1995, genres: ['Crime'], mfScore: 1, llmScore: -1, alpha: 0.3, finalScore: -1 }],
  }),
};

test('a known id fires l4r-user-selected; an unknown one says so and fires nothing', async () => {
  const el = await mount((e) => (e.users = ['1', '2', '7']));
  const picked: string[] = [];
  el.addEventListener('l4r-user-selected', (e) => picked.push(e.detail.userId));
  submit(el, 'nobody');
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).toBe(
    'There is no user "nobody" in this dataset; pick one of the 3 listed ids.',
  );
  submit(el, ' 7 ');
  await el.updateComplete;
  expect(picked).toEqual(['7']);
  expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).toBe('');
  expect(el.shadowRoot!.querySelector('#user-hint')?.textContent).toBe('3 users, e.g. 1, 2, 7.');
  // The history is loading until the app hands it over.
  expect(el.shadowRoot!.textContent).toContain('Loading the history');
});

test('the history lists most recent first, with ratings and no doubled years', async () => {
  const el = await mount((e) => {
    e.users = ['1'];
    e.userId = '1';
    e.history = [
      { itemId: '10', title: 'Alien (1979)', year: 1979, rating: 4.5, timestamp: 1 },
      { itemId: '11', title: 'Brazil', year: 1985, rating: null, timestamp: 2 },
    ];
  });
  const items = [...el.shadowRoot!.querySelectorAll('ol.history li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
  expect(items).toEqual(['Brazil (1985)', 'Alien (1979) ★ 4.5']);
  expect(el.shadowRoot!.querySelector('#history-h')?.textContent).toBe('History (2)');
});

test('recommendations render with scores, and the similar user from the source is named', async () => {
  const el = await mount((e) => {
    e.users = ['1'];
    e.userId = '1';
    e.history = [];
    e.source = similarSource;
  });
  const recs = el.shadowRoot!.querySelector('l4r-recommendations:not([task="next"])') as L4rRecommendations;
  expect(recs.showScores).toBe(true);
  await recs.recommendationsComplete();
  await el.updateComplete;
  expect(recs.shadowRoot!.querySelector('[part="breakdown"]')?.textContent).toBe('MF 1.000 · LLM -1.000 · α 0.30 · final -1.000');
  expect(el.shadowRoot!.querySelector('[data-field="similar"]')?.textContent).toBe(
    'Similar user in the LLM prompt: 9 (cosine similarity 0.813).',
  );
  expect(el.shadowRoot!.querySelector('#recs-h')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
    'Recommendations by BPR-MF + LLM test double',
  );
});

test('"Next up" asks the source for the next items, beside the top-k, with the same breakdown', async () => {
  const asked: (string | undefined)[] = [];
  const source: RecommendationSource = {
    recommend: async (userId, _k, options): Promise<Recommendations> => {
      asked.push(options?.task);
      const next = options?.task === 'next';
      return {
        userId,
        producedBy: next ? 'SASRec + LLM test double' : 'BPR-MF',
        ...(next ? { scoreLabel: 'SASRec', similarUser: { userId: '3', similarity: 0.5 } } : {}),
        items: [{ itemId: '5', title: 'Heat (1995)', year: 1995, genres: ['Crime'], mfScore: 2, llmScore: next ? -1 : null, alpha: 0.3, finalScore: -1 }],
      };
    },
  };
  const el = await mount((e) => {
    e.users = ['1'];
    e.userId = '1';
    e.history = [];
    e.source = source;
  });
  const next = el.shadowRoot!.querySelector('l4r-recommendations[task="next"]') as L4rRecommendations;
  await next.recommendationsComplete();
  await el.updateComplete;
  expect(asked.sort()).toEqual(['next', undefined].sort());
  expect(next.showScores).toBe(true);
  expect(next.shadowRoot!.querySelector('[part="breakdown"]')?.textContent).toBe('SASRec 2.000 · LLM -1.000 · α 0.30 · final -1.000');
  expect(next.shadowRoot!.querySelector('ol')?.getAttribute('aria-label')).toBe('Next items for user 1, by SASRec + LLM test double');
  expect(el.shadowRoot!.querySelector('#next-h')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Next up by SASRec + LLM test double');
  expect(el.shadowRoot!.querySelector('[data-field="next-similar"]')?.textContent).toBe('Similar user in the LLM prompt: 3 (cosine similarity 0.500).');
});

test('without a dataset it says users appear after an import', async () => {
  const el = await mount(() => {});
  expect(el.shadowRoot!.textContent).toContain('No dataset yet');
  expect(el.shadowRoot!.querySelector('form')).toBeNull();
});
