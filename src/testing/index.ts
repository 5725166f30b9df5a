/**
 * LLM TEST DOUBLES, apart from the main entry: the package's 'llama4rec-web/testing' subpath.
 * None is a language model: each answers from a script, with kind 'test-double' and a model id
 * starting with 'test-double/', so its output can never pass for an LLM's. An app may use them
 * legitimately (the demo's `?llm=test-double`, a host page's own tests, an engine spec of kind
 * 'test-double' sent to the augmentation worker).
 */
export { ScriptedLlmDouble, type AnswerScript, type ScriptedAnswer, type ScriptedLlmDoubleOptions } from './test-double.ts';
export { createDoubleEngine, DOUBLE_SCRIPTS, type DoubleSpec, type DoubleScriptName } from './double-engines.ts';
