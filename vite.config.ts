import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './tests/chromium.ts';
import { swiftShaderEnv } from './src/cli/vulkan-env.ts';

// `vite build` makes the demo site (dist/); the library package (dist-lib/) is `npm run build:lib`
// (scripts/build-lib.ts: tsc per file, worker bundles, .wasm binaries).
const appBuild = { target: 'es2022', sourcemap: true };

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and any sub-path.
  base: './',
  build: appBuild,
  worker: { format: 'es' },
  optimizeDeps: {
    // web-llm ships one large ESM bundle; pre-bundling it only slows the dev server down.
    exclude: ['@mlc-ai/web-llm'],
    // TF.js backends are imported when first tried (src/models/backend-modules.ts); named here so
    // the dev server pre-bundles them up front instead of discovering them mid-run and reloading.
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/*.gpu.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        // WebGPU in Node (Dawn, the `webgpu` package): the fused kernels' parity tests. Workers start
        // with SwiftShader's Vulkan driver (Debian's chromium) unless VK_ICD_FILENAMES names another.
        extends: true,
        test: {
          name: 'webgpu',
          environment: 'node',
          include: ['src/**/*.gpu.test.ts'],
          setupFiles: ['tests/helpers/models/node-webgpu-setup.ts'],
          env: process.env.VK_ICD_FILENAMES ? {} : (swiftShaderEnv() ?? {}),
          testTimeout: 120_000,
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
