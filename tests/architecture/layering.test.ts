// The layering check over the real src/, and the checker itself on planted input.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { layerOf, layeringViolations, type SourceFile } from './layering.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    if (!entry.name.endsWith('.ts')) return [];
    return [{ path: relative('.', path).split(sep).join('/'), text: readFileSync(join(ROOT, path), 'utf8') }];
  });
}

describe('layering of src/', () => {
  it('no shipped file imports a higher layer, a folder beside it, or test code', () => {
    const files = sourceFiles('src');
    expect(files.length).toBeGreaterThan(200);
    expect(layeringViolations(files).map((v) => v.message)).toEqual([]);
  });
});

describe('the layering checker', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });

  it('names file → import and the rule for a planted upward import, static or dynamic', () => {
    const violations = layeringViolations([
      file('src/data/planted.ts', "import { createRecommender } from '../api/create-recommender.ts';\nexport const x = 1;"),
      file('src/models/lazy.ts', "export const load = () => import('../training/train-session.ts');"),
      file('src/loop/fine.ts', "import type { Dataset } from '../data/types.ts';\nimport { x } from './near.ts';"),
    ]);
    expect(violations.map((v) => v.message)).toEqual([
      'src/data/planted.ts → ../api/create-recommender.ts: layer "data" may import only its own folder and lower layers (core), not "api".',
      'src/models/lazy.ts → ../training/train-session.ts: layer "models" may import only its own folder and lower layers (core, data, runtime), not "training".',
    ]);
  });

  it('flags a folder beside in the same layer, an unknown folder, and test code in shipped files', () => {
    const messages = layeringViolations([
      file('src/app/a.ts', "import '../cli/main.ts';"),
      file('src/newthing/x.ts', 'export {};'),
      file('src/ui/y.ts', "import { mount } from '../../tests/helpers/ui/mounter.ts';"),
    ]).map((v) => v.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('src/app/a.ts → ../cli/main.ts: layer "app" may import only');
    expect(messages[1]).toContain('folder src/newthing/ is in no layer');
    expect(messages[2]).toContain('src/ui/y.ts → ../../tests/helpers/ui/mounter.ts: shipped code imports only src/');
  });

  it('leaves test files and packages alone', () => {
    expect(layeringViolations([
      file('src/data/db.test.ts', "import '../api/index.ts';"),
      file('src/data/db.ts', "import { openDB } from 'idb';"),
    ])).toEqual([]);
  });

  it('puts files directly in src/ in the core layer and src/index.ts on top', () => {
    expect([layerOf('src/errors.ts'), layerOf('src/index.ts'), layerOf('src/llm/parse/x.ts'), layerOf('tests/a.ts')]).toEqual(['core', 'index', 'llm', null]);
  });
});
