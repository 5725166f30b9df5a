import { expect, test } from 'vitest';
import { ImportError } from '../data/import/import-error.ts';
import type { L4rDataPanel } from './l4r-data-panel.ts';
import './l4r-data-panel.ts';
import { mounter } from '../../tests/helpers/ui/mounter.ts';

const SUMMARY = { name: 'ml-latest-small', format: 'movielens-csv', users: 610, items: 9742, ratedItems: 9724, interactions: 100836 };

const mount = mounter('l4r-data-panel');

const $ = <T extends Element = HTMLElement>(el: L4rDataPanel, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);

test('shows the dataset counts, formatted, with the unrated items noted', async () => {
  const el = await mount((e) => (e.summary = SUMMARY));
  expect($(el, '[data-field="users"]')?.textContent?.trim()).toBe('610');
  expect($(el, '[data-field="interactions"]')?.textContent?.trim()).toBe('100,836');
  expect($(el, '[data-field="items"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('9,742 (9,724 with interactions)');
  expect($(el, '[data-field="name"]')?.textContent).toContain('ml-latest-small');
});

test('says what it knows while loading and when the store is empty', async () => {
  const el = await mount();
  expect(el.shadowRoot!.textContent).toContain('Reading the local store');
  el.summary = null;
  await el.updateComplete;
  expect(el.shadowRoot!.textContent).toContain('No dataset in this browser yet');
});

test('files picked in the file input are asked for as l4r-import-files', async () => {
  const el = await mount((e) => (e.summary = SUMMARY));
  const requests: File[][] = [];
  el.addEventListener('l4r-import-files', (e) => requests.push(e.detail.files));
  const input = $<HTMLInputElement>(el, 'input[type="file"]')!;
  expect(input.labels?.[0]?.textContent).toContain('Load your own dataset');
  const transfer = new DataTransfer();
  transfer.items.add(new File(['userId,movieId,rating\n1,2,3\n'], 'ratings.csv'));
  transfer.items.add(new File(['movieId,title,genres\n2,X (2000),Drama\n'], 'movies.csv'));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
  expect(requests.map((files) => files.map((f) => f.name))).toEqual([['ratings.csv', 'movies.csv']]);
});

test('files dropped on the drop zone are asked for; nothing is asked while busy', async () => {
  const el = await mount((e) => (e.summary = SUMMARY));
  const requests: string[][] = [];
  el.addEventListener('l4r-import-files', (e) => requests.push(e.detail.files.map((f) => f.name)));
  const zone = $(el, '[part="dropzone"]')!;
  const drop = () => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['1\t2\t3\t4\n'], 'u.data'));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  };
  drop();
  el.busy = true;
  await el.updateComplete;
  drop();
  expect(requests).toEqual([['u.data']]);
  expect($<HTMLInputElement>(el, 'input[type="file"]')?.disabled).toBe(true);
});

test('an import error shows its message and says the previous data is kept', async () => {
  const el = await mount((e) => {
    e.summary = SUMMARY;
    e.error = new ImportError('IMPORT_BAD_NUMBER', {
      file: 'ratings.csv',
      line: 3,
      field: 'rating',
      problem: '"five" is not a number',
      fix: 'Fix that line and import again',
    });
  });
  const message = $(el, '.error')!;
  expect(message.dataset['code']).toBe('IMPORT_BAD_NUMBER');
  expect(message.textContent).toContain('ratings.csv, line 3, field "rating": "five" is not a number. Fix that line and import again');
  expect(message.textContent).toContain('The previous dataset is still there.');
});

test('clearing needs a confirmation; "Keep" fires nothing, "Delete everything" fires l4r-clear-data once', async () => {
  const el = await mount((e) => (e.summary = SUMMARY));
  let clears = 0;
  el.addEventListener('l4r-clear-data', () => clears++);
  const clear = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.includes('Clear all local data'))!;
  clear.click();
  await el.updateComplete;
  const keep = $<HTMLButtonElement>(el, '[data-action="keep"]')!;
  // Focus moves into the confirmation for keyboard users.
  expect(el.shadowRoot!.activeElement).toBe(keep);
  keep.click();
  await el.updateComplete;
  expect($(el, '[role="alertdialog"]')).toBeNull();
  expect(clears).toBe(0);

  clear.click();
  await el.updateComplete;
  $<HTMLButtonElement>(el, '[data-action="confirm-clear"]')!.click();
  await el.updateComplete;
  expect(clears).toBe(1);
  expect($(el, '[role="alertdialog"]')).toBeNull();
});

test('while busy the progress shows and the import can be cancelled', async () => {
  const el = await mount((e) => {
    e.summary = SUMMARY;
    e.busy = true;
    e.progress = { phase: 'parsing ratings.csv', done: 250, total: 1000 };
  });
  let cancels = 0;
  el.addEventListener('l4r-cancel-import', () => cancels++);
  const progress = $(el, 'l4r-progress')!;
  await (progress as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  const bar = progress.shadowRoot!.querySelector('progress')!;
  expect(bar.value).toBe(0.25);
  expect(progress.shadowRoot!.querySelector('[part="label"]')?.textContent).toBe('parsing ratings.csv: 250 / 1,000 (25%)');
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.includes('Cancel import'))!.click();
  expect(cancels).toBe(1);
});
