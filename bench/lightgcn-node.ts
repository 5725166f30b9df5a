// Entry of one `l4r bench lightgcn` child process: one TF.js LightGCN run measured alone
// (src/cli/bench-lightgcn-child.ts). Started by src/cli/bench-lightgcn-command.ts as
//   node --import tsx bench/lightgcn-node.ts --job '<LightGcnChildJob JSON>'
import { runLightGcnChild } from '../src/cli/bench-lightgcn-child.ts';

process.exitCode = await runLightGcnChild(process.argv.slice(2));
