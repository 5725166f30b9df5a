import { expect, test } from 'vitest';
import type { AugmentView, L4rAugmentPanel } from './l4r-augment-panel.ts';
import './l4r-augment-panel.ts';
import { mounter } from '../../tests/helpers/ui/mounter.ts';

const mountWith = mounter('l4r-augment-panel');
const mount = (view: AugmentView) => mountWith((el) => {
  el.view = view;
});

const labels = (el: L4rAugmentPanel) => [...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim());
const click = (el: L4rAugmentPanel, label: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === label)!.click();

test('without an LLM: the reason shows and Augment is disabled', async () => {
  const el = await mount({ state: 'unavailable', reason: 'Load a language model first.' });
  expect(el.shadowRoot!.querySelector('[data-field="reason"]')?.textContent?.trim()).toBe('Load a language model first.');
  expect(el.shadowRoot!.querySelector('button')?.disabled).toBe(true);
});

test('running → Pause and Cancel fire; paused → Resume fires; idle with pairs → "Augment more"', async () => {
  const el = await mount({ state: 'running', storedPairs: 12, progress: { phase: 'asking the LLM', done: 3, total: 40 } });
  const fired: string[] = [];
  for (const name of ['l4r-augment-start', 'l4r-augment-pause', 'l4r-augment-resume', 'l4r-augment-cancel'] as const) {
    el.addEventListener(name, () => fired.push(name));
  }
  expect(labels(el)).toEqual(['Pause', 'Cancel']);
  click(el, 'Pause');
  click(el, 'Cancel');
  el.view = { state: 'paused', storedPairs: 12 };
  await el.updateComplete;
  expect(labels(el)).toEqual(['Resume', 'Cancel']);
  click(el, 'Resume');
  el.view = { state: 'done', storedPairs: 20, last: { calls: 10, committed: 8, unanswered: 2, stopped: 'done' } };
  await el.updateComplete;
  expect(labels(el)).toEqual(['Augment more']);
  click(el, 'Augment more');
  expect(fired).toEqual(['l4r-augment-pause', 'l4r-augment-cancel', 'l4r-augment-resume', 'l4r-augment-start']);
  expect(el.shadowRoot!.querySelector('[data-field="pairs"]')?.textContent).toBe('20');
  expect(el.shadowRoot!.querySelector('[data-field="last"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
    '10 calls, 8 pairs written, 2 unusable',
  );
});
