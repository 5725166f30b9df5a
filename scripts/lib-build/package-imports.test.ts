import { describe, expect, it } from 'vitest';
import { packageOf, undeclaredPackageImports } from './package-imports.ts';

describe('imports of undeclared packages in published modules', () => {
  const declared = new Set(['idb', '@tensorflow/tfjs-core', 'lit']);

  it('names a package by its first path segment, or its scope and name', () => {
    expect(packageOf('lit/decorators.js')).toBe('lit');
    expect(packageOf('@tensorflow/tfjs-core/dist/x.js')).toBe('@tensorflow/tfjs-core');
    expect([packageOf('./a.js'), packageOf('../b.js'), packageOf('node:fs'), packageOf('fs'), packageOf('https://x.org/m.js')]).toEqual([null, null, null, null, null]);
  });

  it('passes declared packages, Node built-ins and paths', () => {
    const code = "// was: import { create } from 'webgpu';\nimport { openDB } from 'idb';\nimport * as tf from '@tensorflow/tfjs-core';\nimport { html } from 'lit/static-html.js';\nimport { readFile } from 'node:fs/promises';\nimport './a.js';\nexport { b } from '../b.js';";
    expect(undeclaredPackageImports(code, 'dist-lib/x.js', declared)).toEqual([]);
  });

  it('refuses a development tool however it is imported (Dawn, the webgpu package), once per package', () => {
    const code = "const dawn = await import('webgpu');\nimport 'webgpu';\nexport { create } from 'webgpu';\nimport x from 'tsx/esm';";
    expect(undeclaredPackageImports(code, 'dist-lib/x.js', declared)).toEqual([
      'dist-lib/x.js: imports webgpu, which is neither a dependency nor a peerDependency of the package',
      'dist-lib/x.js: imports tsx, which is neither a dependency nor a peerDependency of the package',
    ]);
  });
});
