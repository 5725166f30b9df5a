/**
 * Which packages a published module imports that the package does not declare (dependencies or
 * peerDependencies): an app installing the package gets only those, so any other bare import
 * fails in its bundler. It keeps development tools out of the package — e.g. `webgpu` (Dawn, a
 * devDependency that runs WebGPU in Node for tests and benchmarks) must never be reached from an
 * entry. Node's built-in modules are allowed (the CLI is Node-only). Reads the code as esbuild
 * left it (comments gone): static imports, re-exports and dynamic import() of a literal.
 */
import { builtinModules } from 'node:module';
import { transformSync } from 'esbuild';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name'), or null for a path or a built-in. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || /^[a-z]+:/i.test(specifier)) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? null : name;
}

/** Each undeclared package `code` imports, once, as '<file>: imports <package>, which …'. */
export function undeclaredPackageImports(code: string, name: string, declared: ReadonlySet<string>): string[] {
  const stripped = transformSync(code, { loader: 'js', format: 'esm', target: 'esnext', legalComments: 'none' }).code;
  const found = new Set<string>();
  for (const match of stripped.matchAll(SPECIFIER)) {
    const pkg = packageOf(match[2]!);
    if (pkg !== null && !declared.has(pkg)) found.add(pkg);
  }
  return [...found].map((pkg) => `${name}: imports ${pkg}, which is neither a dependency nor a peerDependency of the package`);
}
