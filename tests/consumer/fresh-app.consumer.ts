/**
 * The package as another web app gets it. Packs this repository (`npm pack`, which builds
 * dist-lib/ through `prepack`), creates a fresh app in a temporary folder from tests/consumer/app/
 * (an outdoor shop with its own interactions as generic CSV, create-vite's strict tsconfig with
 * erasableSyntaxOnly and verbatimModuleSyntax), installs the tarball, and shows that:
 *  - the package holds no tests, fixtures, benchmarks or datasets (its size is printed);
 *  - `tsc --noEmit` passes in the app;
 *  - the page imports its interactions, trains in the package's worker and renders
 *    <l4r-recommendations> with MF scores in headless Chromium, under the Vite dev server, from
 *    `vite build` output (both with no configuration), and as an esbuild bundle (the app's own
 *    worker file and the .wasm binaries copied, as the README's esbuild recipe says).
 *
 * Run: `npm run test:consumer` (part of `npm test`). Installs from npm's cache where it can
 * (--prefer-offline); the registry is asked for what the cache lacks. L4R_KEEP_APP=1 keeps the app.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createShopApp, INSTALL_TIMEOUT_MS, lockedVersions, pack, PEERS, type Packed } from './fresh-app.ts';
import { unwantedFiles } from './pack-contents.ts';
import { runOk, serve } from './processes.ts';
import { launchChromium, openShop, type ShopPage } from './shop-page.ts';

const PAGE_TIMEOUT_MS = 300_000;

let work: string;
let app: string;
let packed: Packed;
let browser: Browser;

before(
  async () => {
    work = await mkdtemp(join(tmpdir(), 'l4r-consumer-'));
    packed = await pack(work);
    // The peers (lit, TF.js, WebLLM) come with the package; the app pins them as the README
    // suggests, at the versions this repository is tested with.
    app = await createShopApp(join(work, 'outdoor-shop'), packed.tarball, await lockedVersions(PEERS));
    browser = await launchChromium();
  },
  { timeout: INSTALL_TIMEOUT_MS * 2 },
);

after(async () => {
  await browser?.close();
  if (work && process.env['L4R_KEEP_APP'] !== '1') await rm(work, { recursive: true, force: true });
  else if (work) console.log(`the app is kept in ${app}`);
});

function assertRecommends(page: ShopPage, how: string): void {
  assert.deepEqual(page.errors, [], `${how}: the page logged errors`);
  assert.match(page.status, /^Trained 5 epochs on /, `${how}: ${page.status}`);
  assert.equal(page.items.length, 5, `${how}: five items`);
  for (const item of page.items) {
    assert.ok(item.title.length > 0, `${how}: every item has its title from items.csv`);
    // No LLM took part: the breakdown is the MF score alone.
    assert.match(item.breakdown, /^MF -?\d+\.\d{3}$/, `${how}: ${item.breakdown}`);
  }
  assert.match(page.note, /MF alone/, `${how}: the element says why the list is MF's`);
}

test('the package holds no tests, fixtures, benchmarks or datasets', () => {
  const paths = packed.files.map((f) => f.path);
  console.log(`npm pack: ${packed.tarball}, ${(packed.size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${paths.length} files`);
  assert.deepEqual(unwantedFiles(paths), []);
  for (const required of ['dist-lib/index.js', 'dist-lib/index.d.ts', 'dist-lib/workers/train-worker.js', 'dist-lib/wasm/tfjs-backend-wasm-simd.wasm', 'bin/l4r.js', 'LICENSE']) {
    assert.ok(paths.includes(required), `the package has ${required}`);
  }
});

test('tsc --noEmit passes in the app (create-vite strict tsconfig)', { timeout: PAGE_TIMEOUT_MS }, async () => {
  await runOk('node', [join(app, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', app], app);
});

test("the package's `l4r` command runs from compiled JavaScript", { timeout: PAGE_TIMEOUT_MS }, async () => {
  const summary = JSON.parse(await runOk(join(app, 'node_modules/.bin/l4r'), ['import', 'public/data', '--json'], app)) as Record<string, unknown>;
  assert.deepEqual([summary['format'], summary['users'], summary['items'], summary['interactions']], ['generic-csv', 24, 30, 196]);
});

test('under the Vite dev server, unconfigured, the page trains and renders recommendations', { timeout: PAGE_TIMEOUT_MS }, async () => {
  const server = await serve('node', [join(app, 'node_modules/vite/bin/vite.js'), '--host', '127.0.0.1', '--port', '0'], app);
  try {
    assertRecommends(await openShop(browser, server.url), 'vite dev');
  } finally {
    await server.stop();
  }
});

test('from `vite build` output, unconfigured, the page trains and renders recommendations', { timeout: PAGE_TIMEOUT_MS }, async () => {
  await runOk('node', [join(app, 'node_modules/vite/bin/vite.js'), 'build'], app);
  const server = await serve('node', [join(app, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', '0'], app);
  try {
    assertRecommends(await openShop(browser, server.url), 'vite build');
  } finally {
    await server.stop();
  }
});

test('as an esbuild bundle (its own worker file, the .wasm binaries copied), the page trains and renders recommendations', { timeout: PAGE_TIMEOUT_MS }, async () => {
  const out = join(app, 'dist-esbuild');
  // The README's esbuild recipe: the page and the app's own worker file as two entry points…
  await runOk(join(app, 'node_modules/.bin/esbuild'), ['src/main-esbuild.ts', 'src/train-worker.ts', '--bundle', '--format=esm', '--splitting', '--minify', `--outdir=${out}`], app);
  // …and TF.js's binaries where the page's `wasmPaths` says.
  await mkdir(join(out, 'tfjs'), { recursive: true });
  const wasm = join(app, 'node_modules/llama4rec-web/dist-lib/wasm');
  for (const name of await readdir(wasm)) await cp(join(wasm, name), join(out, 'tfjs', name));
  // The same page, its script now the bundle.
  const html = await readFile(join(app, 'index.html'), 'utf8');
  assert.ok(html.includes('src="/src/main.ts"'), 'index.html loads /src/main.ts');
  await writeFile(join(out, 'index.html'), html.replace('src="/src/main.ts"', 'src="./main-esbuild.js"'));
  await cp(join(app, 'public/data'), join(out, 'data'), { recursive: true });
  const server = await serve('node', [join(app, 'node_modules/vite/bin/vite.js'), 'preview', '--outDir', out, '--host', '127.0.0.1', '--port', '0'], app);
  try {
    assertRecommends(await openShop(browser, server.url), 'esbuild');
  } finally {
    await server.stop();
  }
});
