/**
 * A fresh web app with this package installed, as its developer would have it: the package packed
 * with `npm pack` (which builds dist-lib/ through `prepack`), the app created from
 * tests/consumer/app/ (an outdoor shop, its own interactions as generic CSV, create-vite's strict
 * tsconfig), `npm install` of the tarball. Used by the consumer test and bench/first-visit.ts.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from './processes.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('./app/', import.meta.url));
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const INSTALL_TIMEOUT_MS = 600_000;

export interface Packed {
  /** The tarball's absolute path. */
  tarball: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/** `npm pack` of the package in `packageDir` (this repository by default) into `into`. */
export async function pack(into: string, packageDir = REPO, extraArgs: string[] = []): Promise<Packed> {
  const out = await runOk(NPM, ['pack', '--json', '--pack-destination', into, ...extraArgs], packageDir, INSTALL_TIMEOUT_MS);
  // npm prints the prepack build's own output before the JSON.
  const result = (JSON.parse(out.slice(out.search(/^\[/m))) as { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }[])[0]!;
  return { tarball: join(into, result.filename), size: result.size, unpackedSize: result.unpackedSize, files: result.files };
}

/** The versions this repository is tested with (its lockfile), so the app installs them from npm's cache. */
export async function lockedVersions(names: string[]): Promise<Record<string, string>> {
  const lock = JSON.parse(await readFile(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  return Object.fromEntries(names.map((name) => [name, lock.packages[`node_modules/${name}`]!.version]));
}

/** The peers the README tells an app to pin (npm would install them with the package anyway). */
export const PEERS = [
  'lit',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-webgpu',
  '@mlc-ai/web-llm',
];

/** Creates the app in `dir` with `tarball` installed (plus `dependencies`), and returns `dir`. */
export async function createShopApp(dir: string, tarball: string, dependencies: Record<string, string> = {}): Promise<string> {
  await cp(TEMPLATE, dir, { recursive: true });
  const manifest = {
    name: 'outdoor-shop',
    private: true,
    type: 'module',
    scripts: { dev: 'vite', build: 'tsc --noEmit && vite build' },
    dependencies: { 'llama4rec-web': `file:${tarball}`, ...dependencies },
    devDependencies: await lockedVersions(['vite', 'typescript', 'esbuild']),
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await runOk(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], dir, INSTALL_TIMEOUT_MS);
  return dir;
}
