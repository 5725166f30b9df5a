/**
 * Version of the prompt wording. Bump it whenever any builder's text changes: answers cached
 * by (model, prompt) and exported instruction sets are only comparable within one version.
 */
export const PROMPT_VERSION = 'l4r-prompts-1';
