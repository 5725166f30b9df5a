/**
 * The layering rule of src/ and its checker. Layers, lowest first; a file may import files of
 * its own folder and of LOWER layers only, never of a higher one or of a folder beside it in the
 * same layer. docs/architecture.md explains each layer. Shipped code never imports test code
 * (tests/) either. Test files (`*.test.ts`) may cross layers (integration tests do) and are not
 * checked.
 *
 * Imports are read with TypeScript's own pre-parser (`ts.preProcessFile`): static, type-only,
 * re-exports and dynamic `import()` alike, so a lazily loaded upward dependency counts too.
 */
import ts from 'typescript';

/** 'core' is the files directly in src/ (errors, config, progress, random); 'index' is src/index.ts. */
export const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['data', 'runtime'],
  ['models'],
  ['eval'],
  ['aggregate'],
  ['llm'],
  ['testing'],
  ['augment'],
  ['training'],
  ['loop'],
  ['experiment'],
  ['workers'],
  ['api'],
  ['ui'],
  ['bench'],
  ['app', 'cli'],
  ['index'],
];

/** Files outside src/ that shipped code may import (data, not code). */
export const ALLOWED_OUTSIDE = ['models/registry.json'];

export interface SourceFile {
  /** Repository-relative, with '/' separators, e.g. 'src/data/db.ts'. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  /** The import as written. */
  import: string;
  message: string;
}

/** The layer of a repository-relative path under src/, or null outside src/. */
export function layerOf(path: string): string | null {
  const parts = path.split('/');
  if (parts[0] !== 'src') return null;
  if (parts.length === 2) return parts[1] === 'index.ts' ? 'index' : 'core';
  return parts[1]!;
}

function rankOf(layer: string, layers: readonly (readonly string[])[]): number {
  return layers.findIndex((group) => group.includes(layer));
}

function resolve(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

export function isChecked(path: string): boolean {
  return path.startsWith('src/') && path.endsWith('.ts') && !/\.test(-data)?\.ts$/.test(path);
}

function below(layer: string, layers: readonly (readonly string[])[]): string {
  const rank = rankOf(layer, layers);
  const lower = layers.slice(0, rank).flat();
  return lower.length === 0 ? 'nothing outside its folder' : lower.join(', ');
}

/** Every import that breaks the rule, with a message naming file → import and the rule. */
export function layeringViolations(files: readonly SourceFile[], layers: readonly (readonly string[])[] = LAYERS): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    if (!isChecked(file.path)) continue;
    const from = layerOf(file.path)!;
    if (rankOf(from, layers) < 0) {
      violations.push({ file: file.path, import: '', message: `${file.path}: folder src/${from}/ is in no layer; add it to LAYERS (tests/architecture/layering.ts) and docs/architecture.md.` });
      continue;
    }
    for (const imported of ts.preProcessFile(file.text, true, true).importedFiles) {
      const specifier = imported.fileName;
      if (!specifier.startsWith('.')) continue; // a package
      const target = resolve(file.path, specifier);
      const to = layerOf(target);
      const where = `${file.path} → ${specifier}`;
      if (to === null) {
        if (!ALLOWED_OUTSIDE.includes(target)) {
          violations.push({ file: file.path, import: specifier, message: `${where}: shipped code imports only src/ (and ${ALLOWED_OUTSIDE.join(', ')}); ${target} is outside, e.g. test code.` });
        }
        continue;
      }
      if (to === from) continue;
      if (rankOf(to, layers) < 0 || rankOf(to, layers) >= rankOf(from, layers)) {
        violations.push({
          file: file.path,
          import: specifier,
          message: `${where}: layer "${from}" may import only its own folder and lower layers (${below(from, layers)}), not "${to}".`,
        });
      }
    }
  }
  return violations;
}
