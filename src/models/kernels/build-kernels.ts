/** `npm run build:kernels`: recompiles bpr-step.as and rewrites bpr-step-wasm.ts. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BPR_STEP_GENERATED, compileBprStep, generatedModule } from './compile-kernels.ts';

const kernel = await compileBprStep();
await writeFile(BPR_STEP_GENERATED, generatedModule(kernel));
console.log(`wrote ${fileURLToPath(BPR_STEP_GENERATED)} (${kernel.plain.length} + ${kernel.shared.length} bytes of wasm)`);
