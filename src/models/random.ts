// The PRNG lives in src/random.ts (shared with the data splits and the LLM prompts); this path
// stays so the model files keep their imports.
export { Random } from '../random.ts';
