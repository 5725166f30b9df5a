/**
 * 'llama4rec-web/testing': LLM TEST DOUBLES for an app's own tests. None is a language model:
 * each answers from a script, its kind is 'test-double' and its model id starts with
 * 'test-double/', so its answers can never pass for an LLM's. `createDoubleEngine` builds the
 * named scripts that `{ kind: 'test-double', script }` engine specs (augmentEngine) run.
 */
export { ScriptedLlmDouble, type ScriptedAnswer, type AnswerScript, type ScriptedLlmDoubleOptions } from '../llm/test-double.ts';
export { createDoubleEngine, DOUBLE_SCRIPTS, type DoubleSpec, type DoubleScriptName } from '../recommender/double-engines.ts';
