/**
 * `npm run build:lib` (and `prepack`): the published package in dist-lib/.
 *  1. tsc -p tsconfig.build.json: per-file ES modules, .d.ts, source maps (relative imports → .js);
 *  2. Vite's `?url` imports of TF.js's .wasm binaries → `new URL('../wasm/…', import.meta.url)`,
 *     with the binaries copied to dist-lib/wasm/ (scripts/lib-build/url-imports.ts);
 *  3. the worker entries bundled in place (scripts/lib-build/bundle-workers.ts);
 *  4. a check that no published module has bundler-specific syntax or dangling asset URLs.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkers } from './lib-build/bundle-workers.ts';
import { publishedProblems } from './lib-build/check-published.ts';
import { undeclaredPackageImports } from './lib-build/package-imports.ts';
import { resolveAsset, rewriteUrlImports } from './lib-build/url-imports.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist-lib');
const WASM = join(OUT, 'wasm');
const WORKERS = join(OUT, 'workers');
const WORKER_ENTRIES = ['train-worker.js', 'augment-worker.js', 'llm-worker.js'];
/**
 * `l4r bench train`, `l4r bench lightgcn` and `l4r bench sasrec` start the repository's bench/*.ts
 * through tsx (and its PyTorch references); Node-only and never bundled, they say so when run from
 * the package (src/cli/bench-train-command.ts, bench-lightgcn-command.ts, bench-sasrec-command.ts).
 */
const REPOSITORY_ONLY = ['bench-train', 'bench-lightgcn', 'bench-sasrec'].map((command) => `dist-lib/cli/${command}-command.js: `);

async function jsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.js')).map((e) => join(e.parentPath, e.name));
}

async function placeUrlImports(): Promise<number> {
  let copied = 0;
  for (const file of await jsFiles(OUT)) {
    const { code, assets } = rewriteUrlImports(await readFile(file, 'utf8'), dirname(file), WASM);
    if (assets.length === 0) continue;
    await writeFile(file, code);
    await mkdir(WASM, { recursive: true });
    for (const asset of assets) {
      await copyFile(resolveAsset(asset.specifier, ROOT), join(WASM, asset.fileName));
      copied += 1;
    }
  }
  return copied;
}

async function placeWorkerBundles(): Promise<string[]> {
  const staging = join(OUT, '.worker-bundles');
  const outputs = await bundleWorkers(OUT, {
    entries: WORKER_ENTRIES.map((name) => join(WORKERS, name)),
    outDir: staging,
    finalDir: WORKERS,
    external: ['@mlc-ai/web-llm'],
  });
  for (const name of await readdir(staging)) await rename(join(staging, name), join(WORKERS, name));
  await rm(staging, { recursive: true });
  // tsc's maps of the entries describe the unbundled modules the bundles replaced.
  for (const name of WORKER_ENTRIES) await rm(join(WORKERS, `${name}.map`), { force: true });
  return outputs;
}

async function main(): Promise<void> {
  await rm(OUT, { recursive: true, force: true });
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  const binaries = await placeUrlImports();
  const bundles = await placeWorkerBundles();
  const problems: string[] = [];
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object; peerDependencies?: object };
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  for (const file of await jsFiles(OUT)) {
    const code = await readFile(file, 'utf8');
    problems.push(...publishedProblems(code, file, ROOT).filter((p) => !REPOSITORY_ONLY.some((prefix) => p.startsWith(prefix))));
    problems.push(...undeclaredPackageImports(code, relative(ROOT, file), declared));
  }
  if (problems.length > 0) {
    console.error(`build:lib: the published modules are not bundler-neutral:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  console.log(`build:lib: dist-lib/ written: ${binaries} .wasm binaries in dist-lib/wasm/, ${bundles.filter((f) => f.endsWith('.js')).length} worker bundle files in dist-lib/workers/`);
}

await main();
