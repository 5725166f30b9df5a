#!/usr/bin/env node
// The `l4r` command. The CLI is TypeScript run through tsx, so the same sources serve the
// browser build (through Vite) and Node, with no separate compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
