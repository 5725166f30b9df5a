/**
 * `new URL('./relative/path', import.meta.url)` in compiled modules: the references bundlers turn
 * into assets and workers. Listing them lets the build check that each points at a file that is in
 * the package; rebasing them keeps them right when a module moves (the worker bundles gather
 * modules from several folders into dist-lib/workers/).
 */
import { dirname, resolve } from 'node:path';
import { relativeUrl } from './url-imports.ts';

const RELATIVE_IMPORT_META_URL = /\bnew\s+URL\s*\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The relative paths of every `new URL('./…', import.meta.url)` in `code`. */
export function importMetaUrls(code: string): string[] {
  return [...code.matchAll(RELATIVE_IMPORT_META_URL)].map((match) => match[2]!);
}

/** `code` (a module in `fromDir`) with each relative `new URL(…, import.meta.url)` made relative to `toDir`. */
export function rebaseImportMetaUrls(code: string, fromDir: string, toDir: string): string {
  return code.replace(RELATIVE_IMPORT_META_URL, (_match, _quote: string, path: string) => {
    const target = resolve(fromDir, path);
    return `new URL(${JSON.stringify(relativeUrl(toDir, target))}, import.meta.url)`;
  });
}

/** The absolute file each relative URL of a module at `file` points at. */
export function importMetaUrlTargets(code: string, file: string): string[] {
  return importMetaUrls(code).map((path) => resolve(dirname(file), path));
}
