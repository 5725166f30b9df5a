/**
 * What an MF-only app transfers on its first visit: the consumer test's fresh app (tests/consumer/,
 * an outdoor shop that imports its own interactions, trains in the package's worker and shows
 * <l4r-recommendations>) built with `vite build` and no configuration, served by `vite preview`,
 * opened in headless Chromium with an empty profile until its recommendations render. Every
 * response of the page and its workers is counted once per URL (what an HTTP cache downloads),
 * raw and gzip-compressed (level 6, what a static host's compression gives).
 *
 *   npm run bench:first-visit                         # this checkout's package
 *   npm run bench:first-visit -- --before <git-ref>   # and, side by side, the package at <git-ref>
 *   npm run bench:first-visit -- --worker-format-es   # and the same app with Vite's worker.format 'es'
 *
 * The "before" package is `git archive <ref>` packed as it was (no build step existed before
 * dist-lib/); the same app code runs against both.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createShopApp, lockedVersions, pack, PEERS, REPO } from '../tests/consumer/fresh-app.ts';
import { runOk, serve } from '../tests/consumer/processes.ts';
import { launchChromium, openShop } from '../tests/consumer/shop-page.ts';

interface Transfer {
  path: string;
  raw: number;
  gzip: number;
}

interface Visit {
  label: string;
  transfers: Transfer[];
  /** Requests for a URL already counted (the page and a worker both asking). */
  repeats: number;
  buildFolderBytes: number;
  status: string;
  items: number;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function firstVisit(label: string, app: string): Promise<Visit> {
  const vite = join(app, 'node_modules/vite/bin/vite.js');
  await runOk('node', [vite, 'build', '--logLevel', 'warn'], app);
  const server = await serve('node', [vite, 'preview', '--host', '127.0.0.1', '--port', '0'], app);
  const browser = await launchChromium();
  const seen = new Map<string, Transfer>();
  let repeats = 0;
  try {
    const page = await openShop(browser, server.url, {
      onResponse(url, body) {
        const path = new URL(url).pathname;
        if (seen.has(path)) repeats += 1;
        else seen.set(path, { path, raw: body.length, gzip: gzipSync(body).length });
      },
    });
    if (page.items.length === 0) throw new Error(`${label}: no recommendations rendered (${page.status}; ${page.errors.join('; ')})`);
    return { label, transfers: [...seen.values()], repeats, buildFolderBytes: await folderBytes(join(app, 'dist')), status: page.status, items: page.items.length };
  } finally {
    await browser.close();
    await server.stop();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const sum = (list: Transfer[], key: 'raw' | 'gzip') => list.reduce((total, t) => total + t[key], 0);

function report(visits: Visit[]): void {
  for (const visit of visits) {
    console.log(`\n${visit.label}: ${visit.status} (${visit.items} items shown)`);
    console.log('  file                                                   raw        gzip');
    for (const t of [...visit.transfers].sort((a, b) => b.gzip - a.gzip)) {
      console.log(`  ${t.path.padEnd(50).slice(0, 50)} ${kb(t.raw).padStart(10)}  ${kb(t.gzip).padStart(10)}`);
    }
  }
  console.log('\nfirst visit, MF only (unique URLs)   files      raw     gzip   build folder');
  for (const visit of visits) {
    const raw = sum(visit.transfers, 'raw');
    const gzip = sum(visit.transfers, 'gzip');
    console.log(`  ${visit.label.padEnd(34)} ${String(visit.transfers.length).padStart(5)} ${mb(raw).padStart(8)} ${mb(gzip).padStart(8)}   ${mb(visit.buildFolderBytes).padStart(8)}   (+${visit.repeats} repeated requests)`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { before: { type: 'string' }, 'worker-format-es': { type: 'boolean' } } });
  const work = await mkdtemp(join(tmpdir(), 'l4r-first-visit-'));
  try {
    const visits: Visit[] = [];
    if (values.before) {
      const source = join(work, 'before-src');
      await mkdir(source);
      execFileSync('bash', ['-c', `git -C "${REPO}" archive "${values.before}" | tar -x -C "${source}"`]);
      const before = await pack(join(work), source, ['--ignore-scripts']);
      const app = await createShopApp(join(work, 'before-app'), before.tarball);
      visits.push(await firstVisit(`before (${values.before})`, app));
      await rm(before.tarball);
    }
    const after = await pack(work);
    const app = await createShopApp(join(work, 'after-app'), after.tarball, await lockedVersions(PEERS));
    visits.push(await firstVisit('this checkout', app));
    if (values['worker-format-es']) {
      // Vite's default worker format (iife) inlines the worker's dynamic imports: all four backends.
      await writeFile(join(app, 'vite.config.js'), "export default { worker: { format: 'es' } };\n");
      visits.push(await firstVisit("this checkout, worker.format 'es'", app));
    }
    report(visits);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
