/** `npm run build:kernels`: recompiles bpr-step.as, rating-step.as and ../lightgcn/lightgcn-step.as into their *-wasm.ts modules. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BPR_STEP_GENERATED, compileBprStep, compileRatingStep, generatedModule, RATING_STEP_GENERATED, RATING_STEP_NAMES } from './compile-kernels.ts';

const kernel = await compileBprStep();
await writeFile(BPR_STEP_GENERATED, generatedModule(kernel));
console.log(`wrote ${fileURLToPath(BPR_STEP_GENERATED)} (${kernel.plain.length} + ${kernel.shared.length} bytes of wasm)`);

const rating = await compileRatingStep();
await writeFile(RATING_STEP_GENERATED, generatedModule(rating, RATING_STEP_NAMES));
console.log(`wrote ${fileURLToPath(RATING_STEP_GENERATED)} (${rating.plain.length} + ${rating.shared.length} bytes of wasm)`);

const { compileLightGcnStep, LIGHTGCN_STEP_GENERATED, LIGHTGCN_STEP_NAMES } = await import('../lightgcn/compile-lightgcn-kernel.ts');
const lightgcn = await compileLightGcnStep();
await writeFile(LIGHTGCN_STEP_GENERATED, generatedModule(lightgcn, LIGHTGCN_STEP_NAMES));
console.log(`wrote ${fileURLToPath(LIGHTGCN_STEP_GENERATED)} (${lightgcn.plain.length} + ${lightgcn.shared.length} bytes of wasm)`);
