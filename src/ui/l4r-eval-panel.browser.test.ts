import { expect, test } from 'vitest';
import type { EvalView } from './l4r-eval-panel.ts';
import type { L4rLineChart } from './l4r-line-chart.ts';
import './l4r-eval-panel.ts';
import { mounter } from '../../tests/helpers/ui/mounter.ts';

const mountWith = mounter('l4r-eval-panel');
const mount = (view: EvalView) => mountWith((el) => {
  el.view = view;
});

const DONE: EvalView = {
  state: 'done',
  subject: 'BPR-MF on each user’s latest item.',
  metricNames: ['HR@3', 'NDCG@3'],
  overall: { 'HR@3': 0.05, 'NDCG@3': 0.03125 },
  groups: [
    { label: 'Q1 (1–5 interactions)', users: 2, metrics: { 'HR@3': 0.5, 'NDCG@3': 0.25 } },
    { label: 'Q2 (6–9 interactions)', users: 3, metrics: { 'HR@3': 0, 'NDCG@3': 0 } },
  ],
  alphaCurve: { interactions: [1, 5, 9], alpha: [0.5, 0.2, 0.05], params: 'α1 = 0.5, α2 = 0.1' },
};

test('done: a table of overall and per-group metrics, both charts with their data and captions', async () => {
  const el = await mount(DONE);
  const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
  expect(rows).toEqual([
    ['All users', '0.0500', '0.0313'],
    ['Q1 (1–5 interactions) · 2', '0.5000', '0.2500'],
    ['Q2 (6–9 interactions) · 3', '0.0000', '0.0000'],
  ]);
  const [groups, alpha] = [...el.shadowRoot!.querySelectorAll('l4r-line-chart')] as L4rLineChart[];
  await groups!.updateComplete;
  await alpha!.updateComplete;
  expect(groups!.x).toEqual([1, 2]);
  expect(groups!.series.map((s) => [s.label, s.values])).toEqual([
    ['HR@3', [0.5, 0]],
    ['NDCG@3', [0.25, 0]],
  ]);
  expect(alpha!.series[0]?.pointsOnly).toBe(true);
  expect(alpha!.shadowRoot!.querySelector('[part="caption"]')?.textContent).toBe(
    'α_u falls from 0.50 (1 interactions) to 0.05 (9 interactions); α1 = 0.5, α2 = 0.1.',
  );
  let starts = 0;
  el.addEventListener('l4r-eval-start', () => starts++);
  el.shadowRoot!.querySelector<HTMLButtonElement>('.actions button')!.click();
  expect(starts).toBe(1);
});

test('unavailable: the reason shows, no table, Evaluate disabled', async () => {
  const el = await mount({ state: 'unavailable', reason: 'Train a model first.', metricNames: [], groups: [] });
  expect(el.shadowRoot!.querySelector('[data-field="subject"]')?.textContent?.trim()).toBe('Train a model first.');
  expect(el.shadowRoot!.querySelector('table')).toBeNull();
  expect(el.shadowRoot!.querySelector<HTMLButtonElement>('.actions button')?.disabled).toBe(true);
});
