/**
 * The demo, driven as a person would: open it, wait for the first-visit import, pick a user,
 * train, see recommendations with their score breakdown, reload and find data and model still
 * there; then, with the LLM test double (`?llm=test-double`, labelled as such), augment in the
 * worker, train on D ∪ D_aug and find that model served, before and after a reload, and ask the
 * next-item questions that SASRec's training panel then offers. Every
 * request the page (and its workers) makes is recorded; anything that leaves the page's own
 * origin fails the test.
 *
 * Run: `npx tsx --test tests/e2e/demo.e2e.ts` (tests the production build; L4R_E2E_DEV=1 for the dev server).
 * Screenshots go to tests/e2e/__screenshots__/ (git-ignored).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.ts';
import { startDemoServer, type DemoServer } from './demo-server.ts';
import { MODEL_REGISTRY } from '../../src/llm/registry.ts';

const SCREENSHOTS = new URL('./__screenshots__/', import.meta.url);
const IMPORT_TIMEOUT_MS = 240_000;
/**
 * Two epochs of BPR-MF on ml-latest-small. The demo takes the automatic backend: the fastest measured,
 * WASM here, since the only WebGPU adapter is SwiftShader (CPU emulation); a ceiling for a loaded machine.
 */
const TRAIN_TIMEOUT_MS = 400_000;

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const offOrigin: string[] = [];
/** Requests to the configured model host(s): the only traffic allowed off the page's origin. */
const modelRequests: string[] = [];
const MODEL_ORIGINS = new Set([
  new URL(MODEL_REGISTRY.modelLibBaseUrl).origin,
  ...MODEL_REGISTRY.models.map((m) => new URL(m.weights).origin),
]);
const pageErrors: string[] = [];

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startDemoServer();
  browser = await chromium.launch(chromiumLaunchOptions);
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const origin = new URL(server.url).origin;
  // A route sees every request of the context, workers included; off-origin ones are stopped
  // and remembered so the test can show that nothing about the user leaves the page.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) {
      await route.continue();
    } else {
      // This machine has no internet: model files are recorded (and fail), anything else is a leak.
      (MODEL_ORIGINS.has(new URL(url).origin) ? modelRequests : offOrigin).push(url);
      await route.abort('blockedbyclient');
    }
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

async function waitForReady(p: Page): Promise<string> {
  const status = p.locator('l4r-app .status');
  await status.filter({ hasText: /^Ready:/ }).waitFor({ timeout: IMPORT_TIMEOUT_MS });
  return (await status.textContent()) ?? '';
}

test('first visit imports the embedded dataset and shows its counts', async () => {
  await page.goto(server.url);
  // While importing, the data panel's progress bar shows what is happening.
  const label = page.locator('l4r-data-panel l4r-progress [part="label"]');
  await label.filter({ hasText: /\d/ }).waitFor({ timeout: IMPORT_TIMEOUT_MS });
  await page.screenshot({ path: new URL('demo-importing.png', SCREENSHOTS).pathname });
  const status = await waitForReady(page);
  assert.match(status, /ml-latest-small with 610 users, 9,742 items and 100,836 interactions/);
  const data = page.locator('l4r-data-panel');
  assert.equal((await data.locator('[data-field="users"]').textContent())?.trim(), '610');
  assert.equal((await data.locator('[data-field="interactions"]').textContent())?.trim(), '100,836');
  await page.screenshot({ path: new URL('demo-first-visit.png', SCREENSHOTS).pathname, fullPage: true });
});

test('the device panel reports storage in use after the import', async () => {
  const usage = page.locator('l4r-device-panel [data-field="usage"]');
  await usage.waitFor();
  assert.match((await usage.textContent()) ?? '', /\d+(\.\d)? (B|KB|MB|GB)/);
});

test('picking a user shows their history, most recent first', async () => {
  const explorer = page.locator('l4r-user-explorer');
  await explorer.getByLabel('User id').fill('1');
  await explorer.getByRole('button', { name: 'Show' }).click();
  // User 1 of ml-latest-small rated 232 movies.
  await explorer.getByRole('heading', { name: 'History (232)' }).waitFor();
  assert.equal(await explorer.locator('ol.history li').count(), 232);
  // Without a trained model the list says so instead of showing anything made up.
  const status = explorer.locator('l4r-recommendations:not([task="next"]) [part="status"]');
  await status.filter({ hasText: 'not available yet' }).waitFor();
  await explorer.getByLabel('User id').fill('no-such-user');
  await explorer.getByRole('button', { name: 'Show' }).click();
  await explorer.getByRole('alert').filter({ hasText: 'There is no user "no-such-user"' }).waitFor();
  await page.screenshot({ path: new URL('demo-explorer.png', SCREENSHOTS).pathname, fullPage: true });
});

test('training (2 epochs via ?epochs=2) shows progress and a loss curve, then saves the model', async () => {
  await page.goto(`${server.url}?epochs=2`);
  await waitForReady(page);
  const panel = page.locator('l4r-training-panel:not([task="next"])');
  // No LLM, so no augmented pairs: the D ∪ D_aug toggle is off and says why.
  const toggle = panel.getByLabel('Use the LLM-augmented pairs (train on D ∪ D_aug)');
  assert.equal(await toggle.isDisabled(), true);
  assert.equal(await toggle.isChecked(), false);
  assert.match((await panel.locator('[data-field="augmented-note"]').textContent()) ?? '', /Data augmentation needs a language model, and no language model/);
  await panel.getByRole('button', { name: 'Train', exact: true }).click();
  await panel.locator('[data-field="state"]').filter({ hasText: /training, epoch/ }).waitFor();
  await panel.locator('[data-field="state"]').filter({ hasText: /^\s*trained/ }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
  const loss = Number((await panel.locator('[data-field="loss"]').textContent())?.trim());
  assert.ok(loss > 0 && loss < 0.6931, `after 2 epochs the BPR loss ${loss} should be below ln 2 = 0.6931 (random scores)`);
  assert.match((await panel.locator('[part="caption"]').textContent()) ?? '', /Loss went from [\d.]+ \(epoch 1\) to [\d.]+ \(epoch 2\)/);
  // With a WebGPU adapter the automatic choice is measured: fused WebGPU, WASM and the CPU train a
  // few steps, the fastest wins (WASM, by far, on SwiftShader, what Debian's headless Chromium has
  // on the CI machines), and the device panel shows the figures and why the others lost (the exact
  // reasons are checked in src/models/backend.browser.test.ts). Which wins is a timing: the test
  // checks the choice against the figures shown.
  const device = page.locator('l4r-device-panel');
  await device.locator('[data-field="adapter"]').filter({ hasText: /\S/ }).waitFor();
  const adapter = ((await device.locator('[data-field="adapter"]').textContent()) ?? '').replace(/\s+/g, ' ');
  await device.locator('[data-field="backend"]').filter({ hasText: /^\s*(webgpu|webgl|wasm|cpu)\s*$/ }).waitFor();
  const skipped = (await device.locator('[data-field="skipped"] li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  const figures = (await device.locator('[data-field="measured"] li').allTextContents()).map((t) => /^(\w+): ([\d.]+) ms/.exec(t.trim())!);
  assert.deepEqual(figures.map((f) => f[1]).sort(), ['cpu', 'wasm', 'webgpu'], `adapter: ${adapter}; ${JSON.stringify(skipped)}`);
  const expected = figures.reduce((best, f) => (Number(f[2]) < Number(best[2]) ? f : best))[1];
  for (const line of skipped.filter((t) => !t.startsWith('webgl'))) assert.match(line, /^\w+ skipped: measured [\d.]+ ms per training step/);
  assert.equal((await panel.locator('[data-field="backend"]').textContent())?.trim(), expected, `adapter: ${adapter}; ${JSON.stringify(skipped)}`);
  await device.locator('[data-field="backend"]').filter({ hasText: new RegExp(`^\\s*${expected}\\s*$`) }).waitFor();
  await page.screenshot({ path: new URL('demo-trained.png', SCREENSHOTS).pathname, fullPage: true });
});

async function recommendationsFor(p: Page, userId: string) {
  const explorer = p.locator('l4r-user-explorer');
  await explorer.getByLabel('User id').fill(userId);
  await explorer.getByRole('button', { name: 'Show' }).click();
  const items = explorer.locator('l4r-recommendations:not([task="next"]) button[part="item"]');
  await items.nth(9).waitFor();
  return { explorer, items };
}

test('a picked user gets 10 unseen recommendations with MF score, LLM score, α_u and final score', async () => {
  const { explorer, items } = await recommendationsFor(page, '1');
  assert.equal(await items.count(), 10);
  const history = new Set(await explorer.locator('ol.history li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-item-id'))));
  const recommended = await items.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-item-id')));
  assert.equal(recommended.filter((id) => history.has(id)).length, 0, 'a recommended item is already in the history');
  const breakdown = (await items.first().locator('[part="breakdown"]').textContent()) ?? '';
  assert.match(breakdown, /^MF -?[\d.]+$/);
  assert.match((await explorer.locator('[part="note"]').textContent()) ?? '', /^MF alone: no language model (is loaded|can run on this device)/);
  await page.screenshot({ path: new URL('demo-recommendations.png', SCREENSHOTS).pathname, fullPage: true });
});

test('evaluation shows HR/NDCG overall and per activity group, and α_u against interactions', async () => {
  const panel = page.locator('l4r-eval-panel');
  await panel.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const table = panel.locator('table[data-field="metrics"]');
  await table.waitFor({ timeout: TRAIN_TIMEOUT_MS });
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((cell) => cell.textContent?.trim() ?? '')),
  );
  // All users, then five quintiles of training interactions.
  assert.equal(rows.length, 6);
  assert.equal(rows[0]?.[0], 'All users');
  assert.match(rows[1]?.[0] ?? '', /^Q1 \(\d+–\d+ interactions\) · 12[12]$/);
  for (const row of rows) {
    for (const cell of row.slice(1)) {
      const value = Number(cell);
      assert.ok(value >= 0 && value <= 1, `metric ${cell} is not in [0, 1]`);
    }
  }
  // HR@k grows with k for all users (columns HR@3, NDCG@3, HR@5, NDCG@5, HR@10, NDCG@10).
  const all = rows[0]!.slice(1).map(Number);
  assert.ok(all[0]! <= all[2]! && all[2]! <= all[4]!, `HR@3 ≤ HR@5 ≤ HR@10 fails: ${all.join(', ')}`);
  assert.match((await panel.locator('[part="caption"]').nth(1).textContent()) ?? '', /α_u falls from 0\.50 \(\d+ interactions\) to 0\.05/);
  await page.screenshot({ path: new URL('demo-evaluation.png', SCREENSHOTS).pathname, fullPage: true });
});

test('after a reload the dataset and the trained model are still there and nothing is imported again', async () => {
  const before = requests.length;
  await page.reload();
  const status = await waitForReady(page);
  assert.match(status, /610 users/);
  const ratingsFetched = requests.slice(before).some((url) => url.endsWith('/ratings.csv'));
  assert.equal(ratingsFetched, false, 'ratings.csv was downloaded again after a reload');
  assert.match((await page.locator('l4r-training-panel:not([task="next"]) [data-field="state"]').textContent()) ?? '', /trained, saved/);
  const { items } = await recommendationsFor(page, '1');
  assert.equal(await items.count(), 10);
});

test('with the network off, a reload still shows the data, the trained model and recommendations', async () => {
  // After one visit the service worker serves the app's files; data and model are in IndexedDB.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  try {
    await page.reload();
    await waitForReady(page);
    assert.match((await page.locator('l4r-training-panel:not([task="next"]) [data-field="state"]').textContent()) ?? '', /trained, saved/);
    const { items } = await recommendationsFor(page, '1');
    assert.equal(await items.count(), 10);
    await page.screenshot({ path: new URL('demo-offline.png', SCREENSHOTS).pathname });
  } finally {
    await context.setOffline(false);
  }
});

test('a narrow window shows one column without horizontal scrolling', async () => {
  const narrow = await context.newPage();
  await narrow.setViewportSize({ width: 380, height: 900 });
  await narrow.goto(server.url);
  await waitForReady(narrow);
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 380px window`);
  await narrow.screenshot({ path: new URL('demo-narrow.png', SCREENSHOTS).pathname, fullPage: true });
  await narrow.close();
});

test('with the LLM test double (?llm=test-double): augmentation in the worker, training on D ∪ D_aug, and the augmented model serves, also after a reload; next-item picks for SASRec', async () => {
  await page.goto(`${server.url}?llm=test-double&epochs=2`);
  await waitForReady(page);
  // The double is shown under its own id, never as a language model.
  await page.locator('l4r-llm-panel').getByText('Loaded: test-double/prefers-first').waitFor();
  const augment = page.locator('l4r-augment-panel');
  assert.equal((await augment.locator('[data-field="pairs"]').textContent())?.trim(), '0');
  await augment.getByRole('button', { name: 'Augment', exact: true }).click();
  const last = augment.locator('[data-field="last"]');
  await last.waitFor({ timeout: TRAIN_TIMEOUT_MS });
  // The default budget: 5 pairs for each of the 40 least active users, 200 calls; the double always answers.
  assert.match((await last.textContent())?.replace(/\s+/g, ' ') ?? '', /^ ?200 calls, 200 pairs written, 0 unusable ?$/);
  assert.equal((await augment.locator('[data-field="pairs"]').textContent())?.trim(), '200');

  const panel = page.locator('l4r-training-panel:not([task="next"])');
  const toggle = panel.getByLabel('Use the LLM-augmented pairs (train on D ∪ D_aug)');
  assert.equal(await toggle.isDisabled(), false);
  assert.equal(await toggle.isChecked(), true);
  assert.match((await panel.locator('[data-field="augmented-note"]').textContent()) ?? '', /200 LLM-written pairs in the store/);
  await panel.getByRole('button', { name: 'Train again', exact: true }).click();
  await panel.locator('[data-field="state"]').filter({ hasText: /training, epoch/ }).waitFor();
  await panel.locator('[data-field="state"]').filter({ hasText: /^\s*trained/ }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
  assert.equal((await panel.locator('[data-field="augmented"]').textContent())?.trim(), '200');

  // The lists come from the model trained on D ∪ D_aug, re-ranked by the double and blended.
  const { explorer, items } = await recommendationsFor(page, '1');
  await explorer.locator('#recs-h').filter({ hasText: 'by BPR-MF (D ∪ 200 LLM pairs) + test-double/prefers-first' }).waitFor();
  const breakdowns = await items.locator('[part="breakdown"]').allTextContents();
  assert.equal(breakdowns.length, 10);
  for (const text of breakdowns) assert.match(text, /^MF -?[\d.]+ · LLM -\d+\.000 · α 0\.\d\d · final -[\d.]+$/);
  assert.match((await explorer.locator('[data-field="similar"]').textContent()) ?? '', /^Similar user in the LLM prompt: \d+ \(cosine similarity -?[\d.]+\)\.$/);
  await page.screenshot({ path: new URL('demo-augmented.png', SCREENSHOTS).pathname, fullPage: true });

  // The other kind of question: next-item picks for SASRec, offered to SASRec's next training (pairs untouched).
  await augment.getByLabel('Next-item picks (SASRec)').check();
  await augment.getByRole('button', { name: 'Augment', exact: true }).click();
  // One question of 10 unseen items for each of the 200 least active users; each pick is stored over the 9 others.
  await last.filter({ hasText: /next-item records written/ }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
  assert.match((await last.textContent())?.replace(/\s+/g, ' ') ?? '', /^ ?200 calls, 1,800 next-item records written, 0 unusable ?$/);
  assert.equal((await augment.locator('[data-field="picks"]').textContent())?.trim(), '1,800');
  assert.equal((await augment.locator('[data-field="pairs"]').textContent())?.trim(), '200');
  const nextPanel = page.locator('l4r-training-panel[task="next"]');
  await nextPanel.locator('[data-field="augmented-note"]').filter({ hasText: /1,800 next-item records in the store/ }).waitFor();
  const nextToggle = nextPanel.getByLabel("Insert the LLM's next-item picks into the sequences (D ∪ D_aug)");
  assert.equal(await nextToggle.isDisabled(), false);
  assert.equal(await nextToggle.isChecked(), true);

  // A reload without the double: the augmented model is still the one served, by MF alone now.
  await page.goto(server.url);
  await waitForReady(page);
  assert.match((await panel.locator('[data-field="state"]').textContent()) ?? '', /trained, saved/);
  assert.equal((await panel.locator('[data-field="augmented"]').textContent())?.trim(), '200');
  const again = await recommendationsFor(page, '1');
  await again.explorer.locator('#recs-h').filter({ hasText: /by BPR-MF \(D ∪ 200 LLM pairs\)$/ }).waitFor();
  assert.match((await again.explorer.locator('[part="note"]').textContent()) ?? '', /MF alone/);
});

test('nothing left the local origin (the model host is the only allowed exception) and the page threw no errors', () => {
  assert.ok(requests.length > 0, 'no request was recorded: the route is not in effect');
  assert.deepEqual(offOrigin, []);
  // No model was loaded in this run, so not even the model host was asked.
  assert.deepEqual(modelRequests, []);
  assert.deepEqual(pageErrors, []);
});
