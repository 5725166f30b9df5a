/**
 * What the published JavaScript must not contain, checked on every build: bundler-specific
 * syntax an app's bundler would choke on (Vite's `?url`/`?inline`/`?raw`/`?worker` imports,
 * `import.meta.env`), dynamic imports of computed specifiers (bundlers warn they cannot follow
 * them), TypeScript file references, and `new URL(…, import.meta.url)` references to files that are
 * not in the package. Comments are ignored (esbuild drops them first).
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { transformSync } from 'esbuild';
import { importMetaUrlTargets } from './import-meta-urls.ts';

const VITE_QUERY_IMPORT = /(?:from\s*|import\s*\(\s*|import\s+)(['"])[^'"]+\?(?:url|inline|raw|worker|sharedworker)\1/;
const TS_SPECIFIER = /(?:from\s*|import\s*\(\s*|import\s+|new\s+URL\s*\(\s*)(['"])\.{1,2}\/[^'"]*\.(?:ts|tsx|mts)\1/;

/** The problems of one compiled module (its path, for messages and to resolve relative URLs). */
export function publishedProblems(code: string, file: string, root: string): string[] {
  const name = relative(root, file);
  const stripped = transformSync(code, { loader: 'js', format: 'esm', target: 'esnext', legalComments: 'none' }).code;
  const problems: string[] = [];
  const query = VITE_QUERY_IMPORT.exec(stripped);
  if (query) problems.push(`${name}: a Vite-only import (${query[0]})`);
  const ts = TS_SPECIFIER.exec(stripped);
  if (ts) problems.push(`${name}: refers to a TypeScript file (${ts[0]})`);
  if (/\bimport\.meta\.env\b/.test(stripped)) problems.push(`${name}: uses import.meta.env (Vite-only)`);
  // tsc (rewriteRelativeImportExtensions) wraps every import() of a computed specifier in this
  // helper; bundlers then warn that they cannot follow the import, and the worker bundles carry it.
  if (stripped.includes('__rewriteRelativeImportExtension')) problems.push(`${name}: a dynamic import of a computed specifier, which bundlers cannot follow`);
  for (const target of importMetaUrlTargets(stripped, file)) {
    if (!existsSync(target)) problems.push(`${name}: new URL(…, import.meta.url) points at ${relative(root, target)}, which is not in the package`);
  }
  return problems;
}
