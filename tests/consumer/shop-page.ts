/**
 * Opens the fresh app's page in headless Chromium (Debian's, tests/chromium.ts) and waits for what
 * its visitor would see: the status line after training, and the items <l4r-recommendations>
 * renders, with their score breakdown (show-scores). Every page error and console error is kept.
 */
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../chromium.ts';

export interface ShopPage {
  status: string;
  /** The backend the training worker used (the page writes it on #status). */
  backend: string | null;
  items: { title: string; breakdown: string }[];
  /** Why the list is MF's, as the element shows it. */
  note: string;
  errors: string[];
}

const RENDER_TIMEOUT_MS = 180_000;

export interface OpenOptions {
  /**
   * Called with every response body the page and its workers receive (a route sees them all).
   * Routing turns the browser's HTTP cache off, so a file fetched twice is reported twice.
   */
  onResponse?: (url: string, body: Buffer) => void;
}

export async function openShop(browser: Browser, url: string, options: OpenOptions = {}): Promise<ShopPage> {
  // A fresh context: its own IndexedDB, so every run imports and trains from scratch.
  const context = await browser.newContext();
  const { onResponse } = options;
  if (onResponse) {
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      onResponse(route.request().url(), body);
      await route.fulfill({ response, body });
    });
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  try {
    await page.goto(url);
    await page.waitForFunction(
      () => {
        const status = document.querySelector<HTMLElement>('#status');
        const items = document.querySelector('l4r-recommendations')?.shadowRoot?.querySelectorAll('[part="item"]').length ?? 0;
        return status?.dataset['error'] === 'true' || items > 0;
      },
      undefined,
      { timeout: RENDER_TIMEOUT_MS },
    );
    const view = await page.evaluate(() => {
      const status = document.querySelector<HTMLElement>('#status')!;
      const root = document.querySelector('l4r-recommendations')?.shadowRoot;
      const items = [...(root?.querySelectorAll('[part="item"]') ?? [])].map((item) => ({
        title: item.querySelector('[part="title"]')?.textContent ?? '',
        breakdown: item.querySelector('[part="breakdown"]')?.textContent ?? '',
      }));
      const note = root?.querySelector('[part="note"]')?.textContent ?? '';
      return { status: status.textContent ?? '', backend: status.dataset['backend'] ?? null, items, note };
    });
    return { ...view, errors: [...errors] };
  } finally {
    await context.close();
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}
