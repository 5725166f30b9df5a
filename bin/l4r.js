#!/usr/bin/env node
// The `l4r` command. Installed from npm it runs the compiled CLI (dist-lib/cli/, plain Node, no
// TypeScript tooling). In a checkout of the repository (src/ present, tsx installed as a
// devDependency) it runs the TypeScript sources through tsx, so the CLI needs no build while
// developing and always runs what the sources say.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);

async function loadMain() {
  if (existsSync(sources)) {
    const tsx = await import('tsx/esm/api').catch(() => null);
    if (tsx) {
      tsx.register();
      return (await import(sources.href)).main;
    }
  }
  return (await import('../dist-lib/cli/main.js')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
