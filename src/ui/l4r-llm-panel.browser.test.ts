import { expect, test } from 'vitest';
import type { L4rLlmPanel, LlmPanelView } from './l4r-llm-panel.ts';
import './l4r-llm-panel.ts';
import { mounter } from '../../tests/helpers/ui/mounter.ts';

const mountWith = mounter('l4r-llm-panel');
const mount = (view: LlmPanelView) => mountWith((el) => {
  el.view = view;
});

const GB = 2 ** 30;
const MODELS: LlmPanelView = {
  models: {
    state: 'known',
    value: [
      { id: 'big-f16', displayName: 'Big f16', downloadBytes: 3.5 * GB, memoryBytes: 6.6 * GB, cached: false, blockedReason: 'Needs shader-f16.' },
      { id: 'big-f32', displayName: 'Big f32', downloadBytes: 3.9 * GB, memoryBytes: 8.9 * GB, cached: false },
      { id: 'tiny', displayName: 'Tiny', downloadBytes: 294 * 2 ** 20, memoryBytes: GB, cached: true },
    ],
  },
};

const button = (el: L4rLlmPanel, label: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);

test('lists runnable models with sizes; blocked ones sit apart with their reason', async () => {
  const el = await mount(MODELS);
  const runnable = [...el.shadowRoot!.querySelectorAll('fieldset label.model')].map((l) => l.getAttribute('data-model'));
  expect(runnable).toEqual(['big-f32', 'tiny']);
  expect(el.shadowRoot!.querySelector('[data-model="big-f32"] .detail')?.textContent).toBe(
    '3.9 GB download · needs 8.9 GB of GPU memory · not downloaded',
  );
  expect(el.shadowRoot!.querySelector('[data-model="tiny"] .detail')?.textContent).toBe(
    '294 MB download · needs 1.0 GB of GPU memory · cached',
  );
  const details = el.shadowRoot!.querySelector('details')!;
  expect(details.querySelector('summary')?.textContent).toBe('1 model cannot run here, and why');
  expect(details.querySelector('[data-model="big-f16"] [data-reason]')?.textContent).toBe('Needs shader-f16.');
  expect(details.querySelector<HTMLInputElement>('[data-model="big-f16"] input')?.disabled).toBe(true);
});

test('the first runnable model is preselected; picking another changes what loads', async () => {
  const el = await mount(MODELS);
  const loads: string[] = [];
  el.addEventListener('l4r-llm-load', (e) => loads.push(e.detail.modelId));
  expect(button(el, 'Download and load')).toBeDefined();
  button(el, 'Download and load')!.click();
  el.shadowRoot!.querySelector<HTMLInputElement>('[data-model="tiny"] input')!.click();
  await el.updateComplete;
  // A cached model only needs loading.
  button(el, 'Load model')!.click();
  expect(loads).toEqual(['big-f32', 'tiny']);
});

test('while loading: progress and Cancel; once loaded: the idle line names it and Unload fires', async () => {
  const el = await mount({ ...MODELS, loading: { modelId: 'tiny', progress: { phase: 'Fetching params', done: 500, total: 1000 } } });
  const progress = el.shadowRoot!.querySelector('l4r-progress')!;
  await (progress as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  expect(progress.shadowRoot!.querySelector('[part="label"]')?.textContent).toBe('Fetching params: 500 / 1,000 (50%)');
  expect(el.shadowRoot!.querySelector('fieldset')?.disabled).toBe(true);
  let cancels = 0;
  el.addEventListener('l4r-llm-cancel', () => cancels++);
  button(el, 'Cancel')!.click();
  expect(cancels).toBe(1);

  el.view = { ...MODELS, loadedId: 'tiny' };
  await el.updateComplete;
  await (progress as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  expect(progress.shadowRoot!.querySelector('[part="label"]')?.textContent).toBe('Loaded: Tiny');
  let unloads = 0;
  el.addEventListener('l4r-llm-unload', () => unloads++);
  button(el, 'Unload')!.click();
  expect(unloads).toBe(1);
  // The loaded model is selected and cannot be loaded twice.
  expect(button(el, 'Load model')?.disabled).toBe(true);
});

test('no model can run: says so, lists the reasons open; an unknown registry shows its reason', async () => {
  const el = await mount({
    models: { state: 'known', value: [{ id: 'x', displayName: 'X', cached: false, blockedReason: 'WebGPU is not available.' }] },
  });
  expect(el.shadowRoot!.querySelector('[data-state="none-runnable"]')?.textContent).toBe('No model can run on this device.');
  expect(el.shadowRoot!.querySelector('details')?.open).toBe(true);
  expect(el.shadowRoot!.querySelectorAll('button')).toHaveLength(0);
  el.view = { models: { state: 'unknown', reason: 'Checking which models this device can run…' } };
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('[data-state="unavailable"]')?.textContent).toBe('Checking which models this device can run…');
});

test('a load error shows as an alert', async () => {
  const el = await mount({ ...MODELS, error: new Error('Not enough GPU memory for big-f32; pick a smaller model.') });
  expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).toBe('Not enough GPU memory for big-f32; pick a smaller model.');
});
