/**
 * Import throughput of the embedded dataset (public/data/ml-latest-small):
 *   - in headless Chromium: parse (fetch + parse from the dev server), write into IndexedDB, and
 *     read the whole dataset back (loadDataset, what the app and training do on start),
 *   - in Node: the parser alone, on the files on disk (the parser's measureParseThroughput).
 *
 *   node --import tsx bench/import.ts [--runs 3] [--json]
 *
 * Starts a Vite dev server on a free port, opens bench/import.html in Chromium (playwright-core,
 * the same launch options as the browser tests) and prints medians of `--runs` runs (after one
 * unmeasured warm-up run), each into a fresh database. Rows are ratings (interactions); items and users are written too.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureParseThroughput } from '../src/bench/parse-throughput.ts';
import { withBenchPage } from './bench-page.ts';
import type { BrowserImportRun } from './import-page.ts';

const DATASET_DIR = fileURLToPath(new URL('../public/data/ml-latest-small', import.meta.url));

const USAGE = `usage: node --import tsx bench/import.ts [--runs N] [--json]
  --runs N   measured browser runs after one warm-up, each into a fresh IndexedDB database;
             medians are reported (default 3)
  --json     print the results as JSON instead of a table`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function browserRuns(runs: number): Promise<BrowserImportRun[]> {
  return withBenchPage('bench/import.html', 'runImportBench', async (page) => {
    // One unmeasured run first, as measureParseThroughput does in Node: JIT warm-up, module loading.
    await page.evaluate(() => window.runImportBench!(1));
    return await page.evaluate((n) => window.runImportBench!(n), runs);
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
    console.error(`--runs must be a whole number from 1 to 20, not "${values.runs}".\n${USAGE}`);
    return 2;
  }

  const node = await measureParseThroughput(DATASET_DIR);
  const results = await browserRuns(runs);
  const first = results[0]!;
  const rows = first.interactions;
  const parseMs = median(results.map((r) => r.parseMs));
  const writeMs = median(results.map((r) => r.writeMs));
  const totalMs = median(results.map((r) => r.parseMs + r.writeMs));
  const loadMs = median(results.map((r) => r.loadMs));
  const perSecond = (ms: number) => Math.round(rows / (ms / 1000));
  const round = (ms: number) => Math.round(ms * 10) / 10;

  const report = {
    dataset: 'ml-latest-small',
    rows,
    items: first.items,
    users: first.users,
    runs,
    node: { rows: node.rows, parseMs: round(node.seconds * 1000), parseRowsPerSecond: Math.round(node.rowsPerSecond) },
    chromium: {
      parseMs: round(parseMs),
      writeMs: round(writeMs),
      totalMs: round(totalMs),
      loadMs: round(loadMs),
      parseRowsPerSecond: perSecond(parseMs),
      writeRowsPerSecond: perSecond(writeMs),
      totalRowsPerSecond: perSecond(totalMs),
      loadRowsPerSecond: perSecond(loadMs),
      runs: results.map((r) => ({ ...r, parseMs: round(r.parseMs), writeMs: round(r.writeMs), loadMs: round(r.loadMs) })),
    },
  };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const table = [
    ['', 'ms', 'rows/s'],
    ['Node: parse (from disk)', fmt(node.seconds * 1000), fmt(node.rowsPerSecond)],
    ['Chromium: parse (fetch + parse)', fmt(parseMs), fmt(report.chromium.parseRowsPerSecond)],
    ['Chromium: write to IndexedDB', fmt(writeMs), fmt(report.chromium.writeRowsPerSecond)],
    ['Chromium: parse + write', fmt(totalMs), fmt(report.chromium.totalRowsPerSecond)],
    ['Chromium: read back (loadDataset)', fmt(loadMs), fmt(report.chromium.loadRowsPerSecond)],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log(
    `Import of ml-latest-small: ${fmt(rows)} ratings, ${fmt(first.items)} movies, ${fmt(first.users)} users` +
      ` (Chromium: median of ${runs} run${runs > 1 ? 's' : ''})`,
  );
  for (const row of table) {
    console.log(`${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padStart(widths[1]!)}  ${row[2]!.padStart(widths[2]!)}`);
  }
  return 0;
}

process.exitCode = await main();
