/**
 * Vite's `?url` imports in compiled JS, turned into the standard form every bundler understands
 * (Vite, webpack 5, Rollup with a plugin; esbuild leaves it for the app to serve):
 *
 *   import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
 *   →  const simd = new URL('../wasm/tfjs-backend-wasm-simd.wasm', import.meta.url).href;
 *
 * The source keeps `?url` (the repository's dev server and tests run on Vite); the published
 * package must not: an app's bundler would fail on it. The file itself is copied into the
 * package's asset folder, which the new relative URL points at.
 */
import { createRequire } from 'node:module';
import { basename, posix, relative, sep } from 'node:path';

export interface UrlImport {
  /** The specifier without `?url` ('@tensorflow/tfjs-backend-wasm/dist/x.wasm'). */
  specifier: string;
  /** The file name it gets in the asset folder. */
  fileName: string;
}

export interface UrlImportRewrite {
  code: string;
  assets: UrlImport[];
}

const URL_IMPORT = /^import\s+([A-Za-z_$][\w$]*)\s+from\s+(['"])([^'"]+)\?url\2;?[ \t]*$/gm;

/** A relative URL path from `fromDir` to `toDir/fileName`, starting with './' or '../'. */
export function relativeUrl(fromDir: string, toPath: string): string {
  const path = relative(fromDir, toPath).split(sep).join(posix.sep);
  return path.startsWith('.') ? path : `./${path}`;
}

/** Rewrites every `?url` import of a JS file in `fileDir`; the assets go to `assetDir`. */
export function rewriteUrlImports(code: string, fileDir: string, assetDir: string): UrlImportRewrite {
  const assets: UrlImport[] = [];
  const rewritten = code.replace(URL_IMPORT, (_match, name: string, _quote: string, specifier: string) => {
    const fileName = basename(specifier);
    assets.push({ specifier, fileName });
    const url = relativeUrl(fileDir, `${assetDir}/${fileName}`);
    return `const ${name} = new URL(${JSON.stringify(url)}, import.meta.url).href;`;
  });
  return { code: rewritten, assets };
}

/** The file on disk behind an asset specifier, resolved from `fromDir` as Node resolves packages. */
export function resolveAsset(specifier: string, fromDir: string): string {
  return createRequire(`${fromDir}/`).resolve(specifier);
}
