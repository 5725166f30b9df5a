/**
 * Serves the demo for end-to-end tests. By default: a fresh production build (`vite build`,
 * relative asset URLs) served as static files by `vite preview`, which is what "works from any
 * static host" means. `L4R_E2E_DEV=1` uses Vite's dev server instead (faster to start, but on a
 * cold cache it reloads the page once it has pre-bundled new dependencies, mid-test).
 */
import { fileURLToPath } from 'node:url';
import { build, createServer, preview } from 'vite';

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

/** Its own output folder, so a test run never overwrites (or races) someone's `dist/`. */
const OUT_DIR = fileURLToPath(new URL('../../node_modules/.l4r-e2e-dist/', import.meta.url));

export async function startDemoServer(): Promise<DemoServer> {
  if (process.env['L4R_E2E_DEV'] === '1') {
    const server = await createServer({
      configFile: 'vite.config.ts',
      server: { port: 0, host: '127.0.0.1', strictPort: false },
      logLevel: 'warn',
    });
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the Vite dev server did not report a local URL');
    return { url, close: () => server.close() };
  }
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
  const server = await preview({
    configFile: 'vite.config.ts',
    build: { outDir: OUT_DIR },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a local URL');
  return { url, close: () => server.close() };
}
