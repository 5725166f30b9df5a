import { expect, test } from 'vitest';
import type { L4rTrainingPanel, TrainingView } from './l4r-training-panel.ts';
import type { L4rLineChart } from './l4r-line-chart.ts';
import './l4r-training-panel.ts';
import { mounter } from '../../tests/helpers/ui/mounter.ts';

const mountWith = mounter('l4r-training-panel');
const mount = (view: TrainingView) => mountWith((el) => {
  el.view = view;
});

const field = (el: L4rTrainingPanel, name: string) =>
  el.shadowRoot!.querySelector(`[data-field="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
const buttons = (el: L4rTrainingPanel) => [...el.shadowRoot!.querySelectorAll('button')];

const RUNNING: TrainingView = {
  state: 'running',
  metricName: 'NDCG@10 (validation)',
  totalEpochs: 5,
  epochs: [
    { epoch: 1, loss: 0.69, metric: 0.01 },
    { epoch: 2, loss: 0.5151, metric: 0.0186 },
  ],
  progress: { phase: 'epoch 3 of 5, batch 10 of 25', done: 60, total: 125 },
};

test('while running: epoch count, last loss and metric, progress, the curve and a cancel button', async () => {
  const el = await mount(RUNNING);
  expect(field(el, 'state')).toBe('training, epoch 3 of 5');
  expect(field(el, 'loss')).toBe('0.5151');
  expect(field(el, 'metric')).toBe('0.0186');
  const chart = el.shadowRoot!.querySelector('l4r-line-chart') as L4rLineChart;
  await chart.updateComplete;
  expect(chart.x).toEqual([1, 2]);
  expect(chart.series.map((s) => s.values)).toEqual([
    [0.69, 0.5151],
    [0.01, 0.0186],
  ]);
  expect(chart.shadowRoot!.querySelector('[part="caption"]')?.textContent).toBe('Loss went from 0.6900 (epoch 1) to 0.5151 (epoch 2).');
  // uPlot drew onto a canvas of the reserved height.
  expect(chart.shadowRoot!.querySelector('canvas')).not.toBeNull();
  const progress = el.shadowRoot!.querySelector('l4r-progress')!;
  await (progress as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  expect(progress.shadowRoot!.querySelector('[part="label"]')?.textContent).toBe('epoch 3 of 5, batch 10 of 25: 60 / 125 (48%)');
  let cancels = 0;
  el.addEventListener('l4r-train-cancel', () => cancels++);
  buttons(el).find((b) => b.textContent?.includes('Cancel training'))!.click();
  expect(cancels).toBe(1);
  expect(buttons(el).some((b) => b.textContent?.trim() === 'Train')).toBe(false);
});

test('the panel keeps its height when the curve arrives (no layout jump)', async () => {
  const el = await mount({ state: 'idle', metricName: 'NDCG@10 (validation)', epochs: [] });
  const before = el.getBoundingClientRect().height;
  el.view = RUNNING;
  await el.updateComplete;
  const chart = el.shadowRoot!.querySelector('l4r-line-chart') as L4rLineChart;
  await chart.updateComplete;
  expect(el.getBoundingClientRect().height).toBe(before);
});

test('idle: Train fires l4r-train-start; done shows the best metric and "Train again"', async () => {
  const el = await mount({ state: 'idle', metricName: 'NDCG@10 (validation)', epochs: [] });
  expect(field(el, 'state')).toBe('not trained yet');
  const starts: boolean[] = [];
  el.addEventListener('l4r-train-start', (e) => starts.push(e.detail.useAugmented));
  buttons(el).find((b) => b.textContent?.trim() === 'Train')!.click();
  // No pairs in the store: D alone.
  expect(starts).toEqual([false]);
  el.view = { state: 'done', metricName: 'NDCG@10 (validation)', epochs: [], bestMetric: 0.04321, backend: 'webgpu' };
  await el.updateComplete;
  expect(field(el, 'best')).toBe('0.0432');
  expect(field(el, 'backend')).toBe('webgpu');
  expect(buttons(el).map((b) => b.textContent?.trim())).toContain('Train again');
});

test('unavailable: the reason shows and Train is disabled; an error shows as an alert', async () => {
  const el = await mount({ state: 'unavailable', reason: 'No TF.js backend could start.', metricName: 'm', epochs: [] });
  expect(el.shadowRoot!.querySelector('[data-state="unavailable"]')?.textContent).toBe('No TF.js backend could start.');
  expect(buttons(el).find((b) => b.textContent?.trim() === 'Train')?.disabled).toBe(true);
  el.view = { state: 'error', error: new Error('GPU device was lost; reload the page.'), metricName: 'm', epochs: [] };
  await el.updateComplete;
  expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).toBe('GPU device was lost; reload the page.');
});

const toggle = (el: L4rTrainingPanel) => el.shadowRoot!.querySelector<HTMLInputElement>('input[name="use-augmented"]')!;

test('the D ∪ D_aug toggle: disabled with the reason while the store has no pairs; on by default once it has; the choice goes with Train', async () => {
  const el = await mount({ state: 'idle', metricName: 'm', epochs: [], storedPairs: 0, noPairsReason: 'Data augmentation needs a language model, and none is loaded.' });
  expect(toggle(el).disabled).toBe(true);
  expect(toggle(el).checked).toBe(false);
  expect(field(el, 'augmented-note')).toBe('Data augmentation needs a language model, and none is loaded.');
  // Its label names it for assistive technology.
  expect(toggle(el).closest('label')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Use the LLM-augmented pairs (train on D ∪ D_aug)');

  el.view = { state: 'done', metricName: 'm', epochs: [], storedPairs: 1200, augmentedPairs: 0 };
  await el.updateComplete;
  expect(toggle(el).disabled).toBe(false);
  expect(toggle(el).checked).toBe(true);
  expect(field(el, 'augmented-note')).toBe('1,200 LLM-written pairs in the store; untick for MF on D alone (the ablation).');
  expect(field(el, 'augmented')).toBe('0');
  const starts: boolean[] = [];
  el.addEventListener('l4r-train-start', (e) => starts.push(e.detail.useAugmented));
  const train = () => buttons(el).find((b) => b.textContent?.trim() === 'Train again')!.click();
  train();
  toggle(el).click();
  await el.updateComplete;
  expect(toggle(el).checked).toBe(false);
  train();
  expect(starts).toEqual([true, false]);

  el.view = { ...el.view, state: 'running', progress: { phase: 'epoch 1', done: 0 } };
  await el.updateComplete;
  expect(toggle(el).disabled).toBe(true);
});

test('interrupted: says where the run stopped; "Continue training" resumes it with its own pairs, "Start over" takes the toggle', async () => {
  const el = await mount({
    state: 'interrupted',
    metricName: 'm',
    epochs: [],
    storedPairs: 200,
    interrupted: { epoch: 4, augmentedPairs: 0, replacesServed: true },
  });
  expect(field(el, 'state')).toBe('interrupted after epoch 4');
  expect(field(el, 'interrupted')).toBe(
    'A training run on D stopped after epoch 4 (a reload, a closed tab or a cancel). Continue it from that epoch, or start over. The model trained before keeps serving until it finishes.',
  );
  const starts: { useAugmented: boolean; resume?: boolean }[] = [];
  el.addEventListener('l4r-train-start', (e) => starts.push(e.detail));
  buttons(el).find((b) => b.textContent?.trim() === 'Continue training')!.click();
  buttons(el).find((b) => b.textContent?.trim() === 'Start over')!.click();
  // The run was on D alone, so it continues on D; starting over uses the toggle (on: 200 pairs).
  expect(starts).toEqual([
    { useAugmented: false, resume: true },
    { useAugmented: true, resume: false },
  ]);
});

test('a continued run counts epochs from where it resumed and says so; a notice is not an error', async () => {
  const el = await mount({ ...RUNNING, epochs: [], epoch: 5, continuedFrom: 4, totalEpochs: 20 });
  expect(field(el, 'state')).toBe('training, epoch 5 of 20');
  expect(field(el, 'continued')).toBe('Continuing the interrupted run from its checkpoint of epoch 4.');
  el.view = { state: 'idle', metricName: 'm', epochs: [], notice: 'Stopped: a dataset is being imported into this browser’s store (perhaps in another tab).' };
  await el.updateComplete;
  expect(field(el, 'notice')).toBe('Stopped: a dataset is being imported into this browser’s store (perhaps in another tab).');
  expect(el.shadowRoot!.querySelector('[role="alert"]')).toBeNull();
});

test('task="next": SASRec\'s heading, and the toggle and notes speak of next-item picks', async () => {
  const el = await mountWith((e) => {
    e.task = 'next';
    e.view = { state: 'interrupted', metricName: 'NDCG@10 (validation)', epochs: [], storedPairs: 36, interrupted: { epoch: 4, augmentedPairs: 36, replacesServed: false } };
  });
  expect(el.getAttribute('task')).toBe('next');
  expect(el.shadowRoot!.querySelector('h2')?.textContent).toBe('Training (SASRec, the next items)');
  expect(el.shadowRoot!.querySelector('label.augmented')?.textContent?.trim()).toBe("Insert the LLM's next-item picks into the sequences (D ∪ D_aug)");
  expect(field(el, 'augmented-note')).toBe('36 next-item records in the store (k − 1 per pick: the pick over each other candidate); untick for SASRec on D alone (the ablation).');
  expect(field(el, 'interrupted')).toMatch(/^A training run on D ∪ 36 LLM picks stopped after epoch 4/);
});
