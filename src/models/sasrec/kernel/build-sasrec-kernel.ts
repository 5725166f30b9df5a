/** Recompiles sasrec-ops.as and rewrites sasrec-kernel-wasm.ts: `node --import tsx src/models/sasrec/kernel/build-sasrec-kernel.ts`. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileSasRecKernel, generatedSasRecModule, SASREC_KERNEL_GENERATED } from './compile-sasrec-kernel.ts';

const kernel = await compileSasRecKernel();
await writeFile(SASREC_KERNEL_GENERATED, generatedSasRecModule(kernel));
console.log(`wrote ${fileURLToPath(SASREC_KERNEL_GENERATED)} (${[kernel.plain, kernel.shared, kernel.relaxedPlain, kernel.relaxedShared].map((b) => b.length).join(" + ")} bytes of wasm)`);
