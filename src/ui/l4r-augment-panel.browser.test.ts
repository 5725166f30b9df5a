import { expect, test } from 'vitest';
import type { AugmentStartDetail, AugmentView, L4rAugmentPanel } from './l4r-augment-panel.ts';
import './l4r-augment-panel.ts';
import { mounter } from '../../tests/helpers/ui/mounter.ts';

const mountWith = mounter('l4r-augment-panel');
const mount = (view: AugmentView) => mountWith((el) => {
  el.view = view;
});

const labels = (el: L4rAugmentPanel) => [...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim());
const click = (el: L4rAugmentPanel, label: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === label)!.click();
const field = (el: L4rAugmentPanel, name: string) => el.shadowRoot!.querySelector(`[data-field="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
/** The radio group's options as { label, checked, disabled }. */
const kinds = (el: L4rAugmentPanel) =>
  [...el.shadowRoot!.querySelectorAll<HTMLLabelElement>('fieldset label')].map((l) => {
    const input = l.querySelector('input')!;
    return { label: l.textContent?.trim(), checked: input.checked, disabled: input.matches(':disabled') };
  });
const choose = async (el: L4rAugmentPanel, label: string) => {
  [...el.shadowRoot!.querySelectorAll('fieldset label')].find((l) => l.textContent?.trim() === label)!.querySelector('input')!.click();
  await el.updateComplete;
};

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

test('the choice of kind: both counts show, the chosen kind explains itself, names its button and rides on the start event', async () => {
  const el = await mount({ state: 'idle', storedPairs: 12, storedPicks: 0 });
  const started: AugmentStartDetail[] = [];
  el.addEventListener('l4r-augment-start', (e) => started.push(e.detail));
  expect(el.shadowRoot!.querySelector('fieldset legend')?.textContent?.trim()).toBe('Questions to ask the LLM');
  expect(kinds(el)).toEqual([
    { label: 'Preference pairs (MF / LightGCN)', checked: true, disabled: false },
    { label: 'Next-item picks (SASRec)', checked: false, disabled: false },
  ]);
  expect(field(el, 'pairs')).toBe('12');
  expect(field(el, 'picks')).toBe('0');
  expect(field(el, 'reason')).toMatch(/^The LLM chooses between two unseen items/);
  // The button counts what the chosen kind has in the store.
  expect(labels(el)).toEqual(['Augment more']);
  click(el, 'Augment more');

  await choose(el, 'Next-item picks (SASRec)');
  expect(kinds(el).map((k) => k.checked)).toEqual([false, true]);
  expect(field(el, 'reason')).toMatch(/^The LLM picks, for long-tail users first, which of a set of unseen items they take up next; each pick is stored as one record per other item of the set, .*SASRec’s next training/);
  expect(labels(el)).toEqual(['Augment']);
  click(el, 'Augment');
  expect(started).toEqual([{ kind: 'pair' }, { kind: 'sequential' }]);

  // The view refreshing (counts, state) keeps the person's choice.
  el.view = { state: 'idle', storedPairs: 12, storedPicks: 3 };
  await el.updateComplete;
  expect(kinds(el).map((k) => k.checked)).toEqual([false, true]);
  expect(labels(el)).toEqual(['Augment more']);
});

test("a running job shows its own kind (a job continued after a reload) and the choice is locked until it ends; the last run's figures name its answers", async () => {
  const el = await mount({ state: 'running', kind: 'sequential', continued: true, storedPairs: 200, storedPicks: 4, progress: { phase: 'asking the LLM', done: 4, total: 40 } });
  expect(kinds(el)).toEqual([
    { label: 'Preference pairs (MF / LightGCN)', checked: false, disabled: true },
    { label: 'Next-item picks (SASRec)', checked: true, disabled: true },
  ]);
  expect(field(el, 'reason')).toMatch(/^The LLM picks/);
  expect(field(el, 'continued')).toMatch(/^Continuing the job/);
  el.view = { state: 'done', kind: 'sequential', storedPairs: 200, storedPicks: 328, last: { calls: 40, committed: 324, unanswered: 4, stopped: 'done', kind: 'sequential' } };
  await el.updateComplete;
  expect(kinds(el).map((k) => k.disabled)).toEqual([false, false]);
  expect(field(el, 'picks')).toBe('328');
  expect(field(el, 'last')).toBe('40 calls, 324 next-item records written, 4 unusable');
});
