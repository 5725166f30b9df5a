import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedProblems } from './check-published.ts';

describe('the published-module check', () => {
  let root: string;
  let file: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'l4r-check-'));
    await mkdir(join(root, 'dist-lib', 'wasm'), { recursive: true });
    await writeFile(join(root, 'dist-lib', 'wasm', 'present.wasm'), '');
    file = join(root, 'dist-lib', 'models', 'x.js');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('passes bundler-neutral code, whatever its comments say', () => {
    const code = [
      "// was: import plain from 'tfjs/x.wasm?url'; new URL('./gone.ts', import.meta.url)",
      "import { a } from './a.js';",
      "export const plain = new URL('../wasm/present.wasm', import.meta.url).href;",
      "export const text = 'x.wasm?url';",
    ].join('\n');
    expect(publishedProblems(code, file, root)).toEqual([]);
  });

  it('names each problem and the file', () => {
    expect(publishedProblems("import plain from 'tfjs/x.wasm?url';\nexport { plain };", file, root)).toEqual([
      'dist-lib/models/x.js: a Vite-only import (from "tfjs/x.wasm?url")',
    ]);
    expect(publishedProblems("export const css = import('./a.css?inline');", file, root)[0]).toContain('a Vite-only import');
    expect(publishedProblems("import { a } from './a.ts';\nconsole.log(a);", file, root)[0]).toContain('refers to a TypeScript file');
    expect(publishedProblems("new Worker(new URL('./w.ts', import.meta.url), { type: 'module' });", file, root)[0]).toContain('refers to a TypeScript file');
    expect(publishedProblems('export const prod = import.meta.env.PROD;', file, root)).toEqual(['dist-lib/models/x.js: uses import.meta.env (Vite-only)']);
    // What tsc emits for `await import(name)`; a method named import and the word in a string are fine.
    const computed = "var __rewriteRelativeImportExtension = function (p) { return p; };\nconst name = 'node:module';\nexport const m = await import(__rewriteRelativeImportExtension(name));";
    expect(publishedProblems(computed, file, root)[0]).toContain('a dynamic import of a computed specifier');
    expect(publishedProblems("export const api = { async import(source) { return source; } };\nexport const hint = 'rec.import(x)';", file, root)).toEqual([]);
    expect(publishedProblems("export const u = new URL('../wasm/missing.wasm', import.meta.url);", file, root)).toEqual([
      'dist-lib/models/x.js: new URL(…, import.meta.url) points at dist-lib/wasm/missing.wasm, which is not in the package',
    ]);
  });
});
