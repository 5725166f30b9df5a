import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './tests/chromium.ts';
import { swiftShaderEnv } from './src/models/webgpu/node/install-node-webgpu.ts';

// `vite build` makes the demo site (dist/); `vite build --mode lib` the library entry (dist-lib/).
const appBuild = { target: 'es2022', sourcemap: true };
const libBuild = {
  target: 'es2022',
  sourcemap: true,
  outDir: 'dist-lib',
  copyPublicDir: false,
  lib: { entry: 'src/index.ts', formats: ['es' as const], fileName: 'llama4rec-web' },
  // The app that embeds the library brings its own copies of these.
  rollupOptions: { external: [/^@tensorflow\//, /^@mlc-ai\//, /^lit($|\/)/, /^@lit\//, 'idb', 'comlink'] },
};

export default defineConfig(({ mode }) => ({
  // Relative asset URLs: the built site works from any static host and any sub-path.
  base: './',
  build: mode === 'lib' ? libBuild : appBuild,
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
          setupFiles: ['src/models/webgpu/testing/node-webgpu-setup.ts'],
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
}));
