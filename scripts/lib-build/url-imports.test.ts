import { describe, expect, it } from 'vitest';
import { relativeUrl, resolveAsset, rewriteUrlImports } from './url-imports.ts';

describe('?url imports in compiled JS', () => {
  it('become new URL(…, import.meta.url) relative to the module, and list the files to copy', () => {
    const code = [
      "import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';",
      'import simd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";',
      "import { other } from './other.js';",
      'export const paths = { plain, simd };',
    ].join('\n');
    const { code: out, assets } = rewriteUrlImports(code, '/pkg/dist-lib/models', '/pkg/dist-lib/wasm');
    expect(out.split('\n')).toEqual([
      'const plain = new URL("../wasm/tfjs-backend-wasm.wasm", import.meta.url).href;',
      'const simd = new URL("../wasm/tfjs-backend-wasm-simd.wasm", import.meta.url).href;',
      "import { other } from './other.js';",
      'export const paths = { plain, simd };',
    ]);
    expect(assets).toEqual([
      { specifier: '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', fileName: 'tfjs-backend-wasm.wasm' },
      { specifier: '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', fileName: 'tfjs-backend-wasm-simd.wasm' },
    ]);
  });

  it('leaves a module without them as it was', () => {
    const code = "import x from './x.js';\nconst url = 'a.wasm?url';\n";
    expect(rewriteUrlImports(code, '/a', '/b')).toEqual({ code, assets: [] });
  });

  it('writes relative URLs as a browser reads them', () => {
    expect(relativeUrl('/pkg/dist-lib/workers', '/pkg/dist-lib/workers/llm-worker.js')).toBe('./llm-worker.js');
    expect(relativeUrl('/pkg/dist-lib/llm/webllm', '/pkg/dist-lib/workers/llm-worker.js')).toBe('../../workers/llm-worker.js');
  });

  it('finds the binaries in the installed TF.js package', () => {
    expect(resolveAsset('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', process.cwd())).toMatch(
      /node_modules\/@tensorflow\/tfjs-backend-wasm\/dist\/tfjs-backend-wasm-simd\.wasm$/,
    );
  });
});
