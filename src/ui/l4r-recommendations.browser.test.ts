import { afterEach, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import { RecError } from '../errors.ts';
import type { RecommendationSource, Recommendations } from './recommendation-source.ts';
import { setDefaultRecommendationSource } from './default-source.ts';
import { scoreBreakdown, type ItemChosenDetail, type L4rRecommendations } from './l4r-recommendations.ts';
import './l4r-recommendations.ts';

/** A test double: returns fixed items, records calls and the signals it was given. */
class FixedSourceTestDouble implements RecommendationSource {
  calls: { userId: string; k: number; signal?: AbortSignal }[] = [];
  constructor(private readonly make: (userId: string, k: number) => Recommendations | Promise<Recommendations>) {}
  async recommend(userId: string, k: number, options: { signal?: AbortSignal } = {}): Promise<Recommendations> {
    this.calls.push({ userId, k, ...(options.signal ? { signal: options.signal } : {}) });
    return this.make(userId, k);
  }
}

const THREE: Recommendations = {
  userId: '7',
  producedBy: 'BPR-MF + test double',
  items: [
    { itemId: '10', title: 'Heat', year: 1995, genres: ['Action', 'Crime'], mfScore: 0.9, llmScore: 0.5, alpha: 0.25, finalScore: 0.8 },
    { itemId: '20', title: 'Casino', year: 1995, genres: ['Drama'], mfScore: 0.7, llmScore: 0.9, alpha: 0.25, finalScore: 0.75 },
    { itemId: '30', title: 'Toy Story', genres: [], mfScore: 0.6, llmScore: null, alpha: 0, finalScore: 0.6 },
  ],
};

const mounted: HTMLElement[] = [];
function mount(element: L4rRecommendations): L4rRecommendations {
  document.body.append(element);
  mounted.push(element);
  return element;
}
afterEach(() => {
  mounted.splice(0).forEach((e) => e.remove());
  setDefaultRecommendationSource(undefined);
});

function itemButtons(el: L4rRecommendations): HTMLButtonElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part="item"]')];
}

test('renders the list in order with titles, meta and score breakdown, then fires ready once', async () => {
  const source = new FixedSourceTestDouble(() => THREE);
  const el = document.createElement('l4r-recommendations');
  el.source = source;
  el.setAttribute('user-id', '7');
  el.setAttribute('k', '3');
  el.toggleAttribute('show-scores', true);
  const ready: Recommendations[] = [];
  el.addEventListener('l4r-recommendations-ready', (e) => ready.push(e.detail));
  mount(el);
  await el.recommendationsComplete();
  await el.updateComplete;

  expect(source.calls.map((c) => [c.userId, c.k])).toEqual([['7', 3]]);
  expect(source.calls[0]?.signal).toBeInstanceOf(AbortSignal);
  const buttons = itemButtons(el);
  expect(buttons.map((b) => b.querySelector('[part="title"]')?.textContent)).toEqual(['Heat', 'Casino', 'Toy Story']);
  expect(buttons.map((b) => b.querySelector('[part="rank"]')?.textContent)).toEqual(['1', '2', '3']);
  expect(buttons[0]?.querySelector('[part="meta"]')?.textContent).toBe('1995 · Action, Crime');
  // Toy Story has no year and no genres: no empty meta line.
  expect(buttons[2]?.querySelector('[part="meta"]')).toBeNull();
  expect(buttons[0]?.querySelector('[part="breakdown"]')?.textContent).toBe('MF 0.900 · LLM 0.500 · α 0.25 · final 0.800');
  expect(buttons[2]?.querySelector('[part="breakdown"]')?.textContent).toBe('MF 0.600');
  expect(el.shadowRoot!.querySelector('ol')?.getAttribute('aria-label')).toBe(
    'Recommendations for user 7, by BPR-MF + test double',
  );
  expect(ready).toEqual([THREE]);
  // A re-render without new data does not announce again.
  el.requestUpdate();
  await el.updateComplete;
  expect(ready).toHaveLength(1);
});

test('clicking an item and pressing Enter on it fire l4r-item-chosen with the item and its rank', async () => {
  const el = document.createElement('l4r-recommendations');
  el.source = new FixedSourceTestDouble(() => THREE);
  el.userId = '7';
  const chosen: ItemChosenDetail[] = [];
  // Listen on the document: the event must cross the shadow boundary and bubble.
  const listener = (e: Event) => chosen.push((e as CustomEvent<ItemChosenDetail>).detail);
  document.addEventListener('l4r-item-chosen', listener);
  try {
    mount(el);
    await el.recommendationsComplete();
    itemButtons(el)[1]?.click();
    itemButtons(el)[2]?.focus();
    await userEvent.keyboard('{Enter}');
    expect(chosen.map((c) => [c.userId, c.item.itemId, c.rank])).toEqual([
      ['7', '20', 2],
      ['7', '30', 3],
    ]);
  } finally {
    document.removeEventListener('l4r-item-chosen', listener);
  }
});

test('without scores shown, no breakdown renders', async () => {
  const el = document.createElement('l4r-recommendations');
  el.source = new FixedSourceTestDouble(() => THREE);
  el.userId = '7';
  mount(el);
  await el.recommendationsComplete();
  expect(itemButtons(el)).toHaveLength(3);
  expect(el.shadowRoot!.querySelector('[part="breakdown"]')).toBeNull();
});

test('a source error shows its message as an alert and fires l4r-recommendations-error', async () => {
  const failure = new RecError('UNKNOWN_USER', 'User "999" is not in the dataset. Pick one of the listed users.');
  const el = document.createElement('l4r-recommendations');
  el.source = new FixedSourceTestDouble(() => Promise.reject(failure));
  el.userId = '999';
  const errors: unknown[] = [];
  el.addEventListener('l4r-recommendations-error', (e) => errors.push(e.detail.error));
  mount(el);
  await el.recommendationsComplete().catch(() => undefined);
  await el.updateComplete;
  const alert = el.shadowRoot!.querySelector('[part="error"]');
  expect(alert?.getAttribute('role')).toBe('alert');
  expect(alert?.textContent).toBe('User "999" is not in the dataset. Pick one of the listed users.');
  expect(errors).toEqual([failure]);
});

test('says so honestly when no source exists, and uses the default source once one is registered', async () => {
  const el = document.createElement('l4r-recommendations');
  el.userId = '7';
  mount(el);
  await el.recommendationsComplete();
  expect(el.shadowRoot!.querySelector('[part="status"]')?.textContent).toContain('not available yet');
  expect(itemButtons(el)).toHaveLength(0);

  const source = new FixedSourceTestDouble(() => THREE);
  setDefaultRecommendationSource(source);
  await el.updateComplete;
  await el.recommendationsComplete();
  expect(source.calls).toHaveLength(1);
  expect(itemButtons(el)).toHaveLength(3);
});

test('changing user-id aborts the request in flight and renders only the new user', async () => {
  const release: Array<() => void> = [];
  const source = new FixedSourceTestDouble(
    (userId) => new Promise((resolve) => release.push(() => resolve({ ...THREE, userId, items: THREE.items.slice(0, 1) }))),
  );
  const el = document.createElement('l4r-recommendations');
  el.source = source;
  el.userId = '1';
  mount(el);
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('[part="status"]')?.textContent).toContain('Computing');
  el.userId = '2';
  await el.updateComplete;
  expect(source.calls.map((c) => c.userId)).toEqual(['1', '2']);
  expect(source.calls[0]?.signal?.aborted).toBe(true);
  expect(source.calls[1]?.signal?.aborted).toBe(false);
  release.forEach((r) => r());
  const value = await el.recommendationsComplete();
  expect(value?.userId).toBe('2');
  expect(el.shadowRoot!.querySelector('ol')?.getAttribute('aria-label')).toContain('user 2');
});

test('scoreBreakdown formats hand-picked numbers', () => {
  expect(
    scoreBreakdown({ itemId: 'x', title: 'x', genres: [], mfScore: 1.23456, llmScore: -0.5, alpha: 0.333, finalScore: 0.6563 }),
  ).toBe('MF 1.235 · LLM -0.500 · α 0.33 · final 0.656');
  // No LLM took part: the blend's position utility (−1 for the first item) is not a score to show.
  expect(scoreBreakdown({ itemId: 'x', title: 'x', genres: [], mfScore: 0.8123, llmScore: null, alpha: 0.4, finalScore: -1 })).toBe('MF 0.812');
});

test('the page can theme it through ::part() and custom properties', async () => {
  const style = document.createElement('style');
  style.textContent = `
    l4r-recommendations.themed { --l4r-accent: rgb(4, 5, 6); }
    l4r-recommendations.themed::part(item) { background: rgb(1, 2, 3); }
    l4r-recommendations.themed::part(title) { font-weight: 800; }
  `;
  document.head.append(style);
  try {
    const el = document.createElement('l4r-recommendations');
    el.className = 'themed';
    el.source = new FixedSourceTestDouble(() => THREE);
    el.userId = '7';
    mount(el);
    await el.recommendationsComplete();
    const button = itemButtons(el)[0]!;
    expect(getComputedStyle(button).backgroundColor).toBe('rgb(1, 2, 3)');
    expect(getComputedStyle(button.querySelector('[part="rank"]')!).color).toBe('rgb(4, 5, 6)');
    expect(getComputedStyle(button.querySelector('[part="title"]')!).fontWeight).toBe('800');
  } finally {
    style.remove();
  }
});
