/**
 * One writer per origin and resume, in the demo, with real pages of one origin (two tabs of one
 * browser profile share IndexedDB, Web Locks and BroadcastChannel, as here):
 *
 * 1. A reload during training: the reloaded page continues the run from the epoch its checkpoint
 *    holds (not from epoch 1), and says so.
 * 2. One page trains while a second page imports another dataset: the training stops with a typed
 *    error (DATASET_CHANGED) and saves nothing into the new data; the first page learns of the new
 *    dataset and shows it; afterwards each page serves a model of that dataset or none, also after
 *    a reload, and no page throws.
 *
 * Run: `npx tsx --test tests/e2e/one-writer.e2e.ts` (the production build, like demo.e2e.ts;
 * L4R_E2E_DEV=1 for the dev server).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.ts';
import { startDemoServer, type DemoServer } from './demo-server.ts';

const IMPORT_TIMEOUT_MS = 240_000;
/** A few epochs of BPR-MF on ml-latest-small in WASM, on a loaded machine. */
const EPOCH_TIMEOUT_MS = 240_000;
/** Long enough that no run here finishes on its own: 60 epochs, and no early stop before 60 epochs without gain. */
const EPOCHS = 60;
const LONG_RUN = `?epochs=${EPOCHS}&patience=${EPOCHS}`;

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
let first: Page;
const pageErrors: string[] = [];

before(async () => {
  server = await startDemoServer();
  browser = await chromium.launch(chromiumLaunchOptions);
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  first = await open(LONG_RUN);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

async function open(query: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${String(error)}`));
  await page.goto(`${server.url}${query}`);
  await waitForReady(page);
  return page;
}

async function waitForReady(page: Page, pattern: RegExp = /Ready:/): Promise<string> {
  const status = page.locator('l4r-app .status');
  await status.filter({ hasText: pattern }).waitFor({ timeout: IMPORT_TIMEOUT_MS });
  return (await status.textContent()) ?? '';
}

const panel = (page: Page) => page.locator('l4r-training-panel:not([task="next"])');
const text = async (page: Page, field: string) => ((await panel(page).locator(`[data-field="${field}"]`).textContent()) ?? '').replace(/\s+/g, ' ').trim();

interface StoreState {
  meta?: { users: number; items: number; fingerprint: string };
  checkpoints: { name: string; finished: boolean; fingerprint: string; epoch: number; users: number; items: number }[];
  staging: { name: string; fingerprint: string }[];
  active: { task: string; checkpoint: string; datasetFingerprint: string }[];
}

/**
 * What the store holds, read with the raw IndexedDB API in the page (the demo's database). A
 * string, not a function: tsx would add helpers (`__name`) to a function that the page lacks.
 */
const STORE_STATE = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('llama4rec');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const all = (name) => new Promise((resolve, reject) => {
    const request = db.transaction(name).objectStore(name).getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const [meta] = await all('meta');
  const checkpoints = (await all('checkpoints')).map((c) => ({ name: c.name, finished: c.finished, fingerprint: c.datasetFingerprint, epoch: c.model.epoch, users: c.model.numUsers, items: c.model.numItems }));
  const staging = (await all('staging')).map((c) => ({ name: c.name, fingerprint: c.datasetFingerprint }));
  const active = await all('activeModels');
  db.close();
  return { meta, checkpoints, staging, active };
})()`;

function storeState(page: Page): Promise<StoreState> {
  return page.evaluate(STORE_STATE) as Promise<StoreState>;
}

/** The epoch of the checkpoint the running (unfinished) ranking run has committed, or 0. */
async function committedEpoch(page: Page): Promise<number> {
  const { checkpoints } = await storeState(page);
  return checkpoints.find((c) => c.name === 'mf-bpr' && !c.finished)?.epoch ?? 0;
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = EPOCH_TIMEOUT_MS): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A generic CSV dataset of 30 users × 20 items, 8 ratings each, unlike the embedded one. */
function smallDataset(): Buffer {
  const lines = ['user,item,rating,timestamp'];
  for (let u = 1; u <= 30; u++) {
    for (let k = 0; k < 8; k++) lines.push(`u${u},i${((u * 3 + k * 7) % 20) + 1},${((u + k) % 5) + 1},${1_600_000_000 + u * 100 + k}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function recommendationsFor(page: Page, userId: string) {
  const explorer = page.locator('l4r-user-explorer');
  await explorer.getByLabel('User id').fill(userId);
  await explorer.getByRole('button', { name: 'Show' }).click();
  return explorer.locator('l4r-recommendations:not([task="next"])');
}

test('a reload during training continues the run from the epoch its checkpoint holds', async () => {
  assert.match(await waitForReady(first), /610 users/);
  await panel(first).getByRole('button', { name: 'Train', exact: true }).click();
  const before = await until('two committed epochs', () => committedEpoch(first), (epoch) => epoch >= 2);

  await first.reload();
  await waitForReady(first);
  // The reloaded page carries on by itself, from the checkpoint (at least the epoch seen before).
  const continued = panel(first).locator('[data-field="continued"]');
  await continued.waitFor({ timeout: EPOCH_TIMEOUT_MS });
  const from = Number(/epoch (\d+)\./.exec((await continued.textContent()) ?? '')?.[1]);
  assert.ok(from >= before, `continued from epoch ${from}, but epoch ${before} was committed before the reload`);
  assert.match(await text(first, 'state'), new RegExp(`^training, epoch ${from + 1} of ${EPOCHS}$`));
  // The first epoch this page finishes is the next one, not epoch 1; its checkpoint follows.
  const caption = panel(first).locator('[part="caption"]');
  await caption.filter({ hasText: /epoch|Epoch/ }).waitFor({ timeout: EPOCH_TIMEOUT_MS });
  const next = from + 1;
  assert.match((await caption.textContent()) ?? '', new RegExp(`^(Epoch ${next}: loss [\\d.]+|Loss went from [\\d.]+ \\(epoch ${next}\\) to [\\d.]+ \\(epoch \\d+\\))\\.$`));
  await until('the next committed epoch', () => committedEpoch(first), (epoch) => epoch >= from + 1);

  // Cancelled, the run is offered to be continued (not shown as "not trained yet").
  await panel(first).getByRole('button', { name: 'Cancel training' }).click();
  await panel(first).getByRole('button', { name: 'Continue training' }).waitFor({ timeout: EPOCH_TIMEOUT_MS });
  assert.match(await text(first, 'state'), /^interrupted after epoch \d+$/);
  // A reload after a cancel offers it again but does not start it by itself.
  await first.reload();
  await waitForReady(first);
  await panel(first).getByRole('button', { name: 'Continue training' }).waitFor();
  assert.match(await text(first, 'state'), /^interrupted after epoch \d+$/);
});

test('one page trains while another imports: the run stops with a typed error and each page serves the new data’s model or none', async () => {
  const embedded = await storeState(first);
  assert.equal(embedded.meta?.users, 610);
  await panel(first).getByRole('button', { name: 'Continue training' }).click();
  await panel(first).locator('[data-field="state"]').filter({ hasText: /^\s*training, epoch/ }).waitFor();
  const resumedAt = await committedEpoch(first);
  await until('an epoch committed by the continued run', () => committedEpoch(first), (epoch) => epoch > resumedAt);

  // The second page imports a dataset of its own while the first one trains.
  const second = await open('?epochs=2');
  await second.locator('l4r-data-panel input[type="file"]').setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: smallDataset() });
  assert.match(await waitForReady(second, /^Ready: .* 30 users/), /30 users, 20 items and 240 interactions/);

  // The first page's run ended with the typed error, and the page shows the new data.
  const notice = panel(first).locator('[data-field="notice"]');
  await notice.waitFor({ timeout: EPOCH_TIMEOUT_MS });
  assert.match((await notice.textContent()) ?? '', /^Stopped: a dataset is being imported into this browser’s store \(perhaps in another tab\)/);
  // (Files picked without a dataset name are named after their format.)
  assert.match(await waitForReady(first, /^Another tab imported/), /^Another tab imported "generic-csv"\. Ready: generic-csv with 30 users/);
  assert.equal((await first.locator('l4r-data-panel [data-field="users"]').textContent())?.trim(), '30');
  assert.equal(await text(first, 'state'), 'not trained yet');

  // Nothing of the 610-user model is in the store: no checkpoint, no staged run, nothing serving.
  const replaced = await storeState(first);
  assert.equal(replaced.meta?.users, 30);
  assert.notEqual(replaced.meta?.fingerprint, embedded.meta?.fingerprint);
  assert.deepEqual(replaced.checkpoints, []);
  assert.deepEqual(replaced.staging, []);
  assert.deepEqual(replaced.active, []);

  // Neither page has a model of the new data yet: both say so.
  for (const page of [first, second]) {
    const list = await recommendationsFor(page, 'u1');
    await list.locator('[part="status"]').filter({ hasText: 'not available yet' }).waitFor();
  }

  // The second page trains on its data; both pages now serve that model, of that data.
  await panel(second).getByRole('button', { name: 'Train', exact: true }).click();
  await panel(second).locator('[data-field="state"]').filter({ hasText: /^\s*trained/ }).waitFor({ timeout: EPOCH_TIMEOUT_MS });
  const trained = await storeState(second);
  assert.deepEqual(trained.active.map((a) => [a.task, a.checkpoint, a.datasetFingerprint]), [['ranking', 'mf-bpr', replaced.meta!.fingerprint]]);
  assert.deepEqual(trained.checkpoints.map((c) => [c.name, c.users, c.items, c.fingerprint]), [['mf-bpr', 30, 20, replaced.meta!.fingerprint]]);
  const newItems = new Set(Array.from({ length: 20 }, (_, k) => `i${k + 1}`));
  for (const page of [second, first, await (async () => (await first.reload(), await waitForReady(first), first))()]) {
    const list = await recommendationsFor(page, 'u1');
    const items = list.locator('button[part="item"]');
    await items.nth(9).waitFor({ timeout: EPOCH_TIMEOUT_MS });
    const ids = await items.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-item-id') ?? ''));
    assert.equal(ids.length, 10);
    assert.ok(ids.every((id) => newItems.has(id)), `an item of another dataset was recommended: ${ids.join(', ')}`);
  }
  assert.match(await text(first, 'state'), /^trained, saved/);
  await second.close();
});

test('no page threw', () => {
  assert.deepEqual(pageErrors, []);
});
