// Entry of one `l4r bench sasrec` child process: one TF.js backend trained and tested alone, so its
// peak RSS is its own (src/cli/bench-sasrec-child.ts). Started by src/cli/bench-sasrec-command.ts as
//   node --import tsx bench/sasrec-node-backend.ts --job '<SasRecChildJob JSON>'
import { runSasRecChild } from '../src/cli/bench-sasrec-child.ts';

process.exitCode = await runSasRecChild(process.argv.slice(2));
