/**
 * The worker entries of the package, each bundled with everything it imports (TF.js, Comlink,
 * idb, our modules) except WebLLM, whose own single ESM file any dev server or bundler can load.
 *
 * Why bundled: a worker the package starts itself (`new Worker(new URL('./train-worker.js',
 * import.meta.url))`) is loaded by Vite's dev server as a plain file from node_modules, without
 * the dependency pre-bundling its page gets, so an unbundled TF.js import fails there (CommonJS
 * `seedrandom`). A self-contained file works unchanged under Vite's dev server and build and
 * webpack 5, and is what an app's own three-line worker file imports. Backends stay separate
 * chunks (src/models/backend-modules.ts), so a worker downloads only the one it runs on.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { rebaseImportMetaUrls } from './import-meta-urls.ts';

export interface WorkerBundleOptions {
  /** Compiled worker entry modules (dist-lib/workers/*-worker.js). */
  entries: string[];
  /** Where the bundles are written. */
  outDir: string;
  /** Where they will finally live (relative URLs are rebased to it). */
  finalDir: string;
  /** Packages left as imports (WebLLM). */
  external: string[];
}

/** Rebases every compiled module's relative `new URL(…, import.meta.url)` to the bundle's folder. */
function rebaseUrls(compiledDir: string, finalDir: string): Plugin {
  return {
    name: 'l4r-rebase-import-meta-urls',
    setup(builder) {
      const filter = new RegExp(`^${compiledDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/.*\\.js$`);
      builder.onLoad({ filter }, async ({ path }) => ({
        contents: rebaseImportMetaUrls(await readFile(path, 'utf8'), dirname(path), finalDir),
        loader: 'js',
      }));
    },
  };
}

export async function bundleWorkers(compiledDir: string, options: WorkerBundleOptions): Promise<string[]> {
  const result = await build({
    entryPoints: options.entries,
    outdir: options.outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    // No source maps: most of a bundle is TF.js, whose maps point at sources the package does not
    // hold (dev servers warn about every one). Our own modules keep theirs in dist-lib/.
    sourcemap: false,
    legalComments: 'eof',
    external: options.external,
    // Emscripten's glue in TF.js's WASM backend asks `typeof __filename` for its Node path; in a
    // browser bundle that is nothing, and webpack 5 (which leaves CommonJS names alone in ES
    // modules but answers `typeof __filename`) would otherwise make it a ReferenceError.
    define: { __filename: 'undefined', __dirname: 'undefined' },
    metafile: true,
    logLevel: 'warning',
    plugins: [rebaseUrls(compiledDir, options.finalDir)],
  });
  return Object.keys(result.metafile.outputs);
}
