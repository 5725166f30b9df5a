// Entry of the GPU bundle's bench.mjs (built by build.ts): `l4r bench train` with the rows run by
// this very file. Without --child it is the parent (the table); with --child one TF.js row.
//   node bench.mjs --split split.json [l4r bench train options]      (run.sh does this)
//   node [--import ./preload.mjs] bench.mjs --child --job '<BenchChildJob JSON>'
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runBenchChild } from '../../src/cli/bench-train-child.ts';
import { runBenchTrain } from '../../src/cli/bench-train-command.ts';

const here = dirname(fileURLToPath(import.meta.url));
const [first, ...rest] = process.argv.slice(2);
process.exitCode =
  first === '--child'
    ? await runBenchChild(rest)
    : await runBenchTrain(process.argv.slice(2), {
        childArgv: (job) => [
          ...(job.backend === 'webgpu' ? ['--import', pathToFileURL(join(here, 'preload.mjs')).href] : []),
          join(here, 'bench.mjs'),
          '--child',
          '--job',
          JSON.stringify(job),
        ],
        referenceScript: join(here, 'reference_bpr.py'),
      });
