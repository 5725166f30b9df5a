import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './tests/chromium.ts';

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and any sub-path.
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    // web-llm ships one large ESM bundle; pre-bundling it only slows the dev server down.
    exclude: ['@mlc-ai/web-llm'],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts', 'tests/**/*.browser.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
