import { describe, expect, it } from 'vitest';
import { importMetaUrls, importMetaUrlTargets, rebaseImportMetaUrls } from './import-meta-urls.ts';

describe('new URL(…, import.meta.url) in compiled modules', () => {
  const code = [
    "const worker = new Worker(new URL('../../workers/llm-worker.js', import.meta.url), { type: 'module' });",
    'const wasm = new URL("../wasm/tfjs-backend-wasm.wasm", import.meta.url).href;',
    "const page = new URL('https://example.org/x', import.meta.url);",
    'const here = new URL(import.meta.url);',
  ].join('\n');

  it('lists the relative ones (absolute URLs and bare import.meta.url are not files of the package)', () => {
    expect(importMetaUrls(code)).toEqual(['../../workers/llm-worker.js', '../wasm/tfjs-backend-wasm.wasm']);
    expect(importMetaUrlTargets(code, '/pkg/dist-lib/llm/webllm/webllm-engine.js')).toEqual([
      '/pkg/dist-lib/workers/llm-worker.js',
      '/pkg/dist-lib/llm/wasm/tfjs-backend-wasm.wasm',
    ]);
  });

  it('rebases them when the module moves into another folder (a worker bundle), pointing at the same files', () => {
    const moved = rebaseImportMetaUrls(code, '/pkg/dist-lib/llm/webllm', '/pkg/dist-lib/workers');
    expect(moved.split('\n')).toEqual([
      "const worker = new Worker(new URL(\"./llm-worker.js\", import.meta.url), { type: 'module' });",
      'const wasm = new URL("../llm/wasm/tfjs-backend-wasm.wasm", import.meta.url).href;',
      "const page = new URL('https://example.org/x', import.meta.url);",
      'const here = new URL(import.meta.url);',
    ]);
  });
});
