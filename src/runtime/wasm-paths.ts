/**
 * Where TF.js's WASM backend finds its three `.wasm` binaries. By default the package's own copies
 * (src/models/wasm-paths-browser.ts: bundlers that understand `new URL(…, import.meta.url)` serve
 * them, as Vite and webpack 5 do); an app whose bundler does not (esbuild) copies the binaries
 * where it likes and says so with `wasmPaths`. Kept per realm: the page and every worker set it
 * before their first WASM backend start (a started backend cannot change its binaries).
 */
import { RecError } from '../errors.ts';

/** The binaries TF.js 4.22's WASM backend loads (one of them, by the browser's features). */
export const WASM_FILE_NAMES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
export type WasmFileName = (typeof WASM_FILE_NAMES)[number];

/**
 * A folder URL that holds all three binaries (ending in '/', e.g. '/assets/tfjs/'), or every
 * binary's own URL (TF.js wants all three). Relative URLs resolve against the page
 * (`document.baseURI`), also in workers.
 */
export type WasmPaths = string | Record<WasmFileName, string>;

let chosen: WasmPaths | undefined;
let used: string | undefined;

function bad(value: unknown): never {
  throw new RecError(
    'CONFIG_INVALID',
    `wasmPaths must be a folder URL ending in "/" (e.g. "/assets/tfjs/") or an object mapping ${WASM_FILE_NAMES.join(', ')} to URLs (got ${JSON.stringify(value) ?? String(value)}).`,
  );
}

/** Throws CONFIG_INVALID unless `value` is a WasmPaths. */
export function checkWasmPaths(value: unknown): asserts value is WasmPaths {
  if (typeof value === 'string') {
    if (!value.endsWith('/')) bad(value);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(value);
  const entries = Object.entries(value);
  const named = (name: string) => (WASM_FILE_NAMES as readonly string[]).includes(name);
  if (entries.length !== WASM_FILE_NAMES.length || !entries.every(([name, url]) => named(name) && typeof url === 'string' && url !== '')) bad(value);
}

/** `paths` with relative URLs made absolute against `base` (a worker has no page to resolve them against). */
export function absoluteWasmPaths(paths: WasmPaths, base: string | undefined = globalThis.document?.baseURI): WasmPaths {
  if (base === undefined) return paths;
  const absolute = (url: string) => new URL(url, base).href;
  if (typeof paths === 'string') return absolute(paths);
  return Object.fromEntries(Object.entries(paths).map(([name, url]) => [name, absolute(url)])) as Record<WasmFileName, string>;
}

/**
 * Sets where this realm's WASM backend loads its binaries from. Call before the first training
 * or recommendation (createRecommender's `wasmPaths` option does); a different location after the
 * backend started throws CONFIG_INVALID, since TF.js cannot reload its binaries.
 */
export function setWasmLocation(paths: WasmPaths): void {
  checkWasmPaths(paths);
  const resolved = absoluteWasmPaths(paths);
  if (used !== undefined && used !== JSON.stringify(resolved)) {
    throw new RecError(
      'CONFIG_INVALID',
      `TF.js's WASM backend already loaded its binaries from ${used}; pass wasmPaths before the first train() or recommend() (it cannot change afterwards).`,
    );
  }
  chosen = resolved;
}

/** The location set with setWasmLocation, else undefined (the package's default applies). */
export function chosenWasmLocation(): WasmPaths | undefined {
  return chosen;
}

/** Recorded by the backend chooser when the binaries' location is handed to TF.js. */
export function markWasmLocationUsed(paths: WasmPaths): void {
  used = JSON.stringify(paths);
}
