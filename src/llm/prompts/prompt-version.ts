/**
 * Version of the prompt wording. Bump it whenever any builder's text changes: answers cached
 * by (model, prompt) and exported instruction sets are only comparable within one version.
 * 2: genres (and, for candidates sharing a title, ids) are JSON strings like titles; shared titles
 *    get a note line; labels skip letters a candidate's title could be read as.
 */
export const PROMPT_VERSION = 'l4r-prompts-2';
