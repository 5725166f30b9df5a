// Entry of one `l4r bench train` child process: one TF.js backend measured alone, so its peak RSS
// is its own (src/cli/bench-train-child.ts). Started by src/cli/bench-train-command.ts as
//   node --import tsx bench/train-node-backend.ts --job '<BenchChildJob JSON>'
import { runBenchChild } from '../src/cli/bench-train-child.ts';

process.exitCode = await runBenchChild(process.argv.slice(2));
