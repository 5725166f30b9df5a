import { describe, expect, it } from 'vitest';
import { unwantedFiles } from './pack-contents.ts';

describe('npm package contents rules', () => {
  it('passes what the package ships', () => {
    expect(
      unwantedFiles([
        'package.json',
        'LICENSE',
        'README.md',
        'bin/l4r.js',
        'models/registry.json',
        'dist-lib/index.js',
        'dist-lib/index.d.ts',
        'dist-lib/index.js.map',
        'dist-lib/testing/index.js',
        'dist-lib/testing/test-double.js',
        'dist-lib/workers/train-worker.js',
        'dist-lib/wasm/tfjs-backend-wasm-simd.wasm',
        'dist-lib/cli/bench-parse-command.js',
        'dist-lib/data/import/movielens-100k.js',
      ]),
    ).toEqual([]);
  });

  it('names each file that must not ship and why', () => {
    expect(
      unwantedFiles([
        'src/index.ts',
        'dist-lib/models/mf-bpr.test.js',
        'tests/e2e/demo.e2e.ts',
        'dist-lib/workers/fixtures/throwing-worker.js',
        'dist-lib/helpers/models/tiny-table.js',
        'bench/train.html',
        'public/data/ml-latest-small/ratings.csv',
        'data/ml-latest-small/README.txt',
        'index.html',
      ]),
    ).toEqual([
      'src/index.ts (a TypeScript source)',
      'dist-lib/models/mf-bpr.test.js (a test)',
      'tests/e2e/demo.e2e.ts (a test)',
      'dist-lib/workers/fixtures/throwing-worker.js (a test fixture or helper)',
      'dist-lib/helpers/models/tiny-table.js (a test fixture or helper)',
      "bench/train.html (the repository's benchmarks)",
      'public/data/ml-latest-small/ratings.csv (a dataset)',
      'data/ml-latest-small/README.txt (a dataset)',
      'index.html (the demo app)',
    ]);
  });
});
