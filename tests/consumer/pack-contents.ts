/**
 * What must never be in the npm package: tests, fixtures, the repository's benchmarks, datasets
 * (the MovieLens files have their own licence), TypeScript sources, the demo app. Returns each
 * offending path with the rule it breaks.
 */
const RULES: { reason: string; test: (path: string) => boolean }[] = [
  { reason: 'a test', test: (p) => /\.test\.|\.e2e\.|\.consumer\.|(^|\/)tests?\//.test(p) },
  // (dist-lib/testing/ is the 'llama4rec-web/testing' subpath: the named LLM test doubles, shipped on purpose.)
  { reason: 'a test fixture or helper', test: (p) => /(^|\/)(fixtures?|test-fixtures|helpers)\//.test(p) },
  { reason: "the repository's benchmarks", test: (p) => p.startsWith('bench/') },
  // Data files and dataset folders (the importers' modules, e.g. movielens-100k.js, are code).
  { reason: 'a dataset', test: (p) => /\.(csv|dat|tsv|jsonl|zip)$|(^|\/)u\.(data|item)$|(^|\/)(ml-[^/]+|movielens[^/]*)\//i.test(p) },
  { reason: 'a TypeScript source', test: (p) => /\.(ts|tsx|mts)$/.test(p) && !p.endsWith('.d.ts') },
  { reason: 'the demo app', test: (p) => p.startsWith('public/') || p === 'index.html' || p.startsWith('dist/') || /(^|\/)app\//.test(p) },
];

export function unwantedFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of paths) {
    const rule = RULES.find((r) => r.test(path));
    if (rule) found.push(`${path} (${rule.reason})`);
  }
  return found;
}
