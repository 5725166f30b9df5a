/**
 * Runs a benchmark page in headless Chromium: starts a Vite dev server on a free port, opens
 * `html` (playwright-core, the same launch options as the browser tests), waits until the page
 * has defined its entry function `window[entry]`, hands the page to `use`, and closes browser and
 * server afterwards whatever happens. Shared by bench/import.ts and bench/train-browser.ts.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumLaunchOptions } from '../tests/chromium.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BenchPageOptions {
  /** Also print the page's console messages (to stderr). Page errors are always printed. */
  forwardConsole?: boolean;
  /** Chromium flags beyond the shared launch options (tests/chromium.ts). */
  extraArgs?: string[];
}

export async function withBenchPage<T>(html: string, entry: string, use: (page: Page) => Promise<T>, options: BenchPageOptions = {}): Promise<T> {
  const server = await createServer({
    root: ROOT,
    logLevel: 'warn',
    // No file watching: others editing the tree mid-run would make Vite reload the page and lose the run.
    server: { port: 0, host: '127.0.0.1', strictPort: false, watch: null },
    // Pre-bundle the page's dependencies at start-up, so no mid-run reload re-optimizes them.
    optimizeDeps: { entries: [html] },
  });
  await server.listen();
  const browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, ...(options.extraArgs ?? [])] });
  try {
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('The Vite dev server did not report a local URL.');
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
    if (options.forwardConsole) page.on('console', (message) => console.error(`[page] ${message.text()}`));
    await page.goto(new URL(html, base).href);
    await page.waitForFunction((name) => typeof (window as unknown as Record<string, unknown>)[name] === 'function', entry, { timeout: 120_000 });
    return await use(page);
  } finally {
    await browser.close();
    await server.close();
  }
}
