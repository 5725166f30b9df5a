/**
 * `?llm=test-double` (or `?llm=test-double:random-seeded`) in the page URL makes an LLM TEST
 * DOUBLE answer in place of a language model: no weights are needed, so augmentation, training on
 * D ∪ D_aug and the blended lists can be driven end to end on a machine without WebGPU or
 * internet (the end-to-end test does). It is never mistaken for an LLM: its model id starts with
 * 'test-double/', and every list and panel shows that id. Without the parameter there is no double.
 */
import type { LlmEngine } from '../llm/engine.ts';
import { createDoubleEngine, type DoubleScriptName } from '../testing/double-engines.ts';
import type { EngineSpec } from '../workers/engine-spec.ts';

export interface DemoTestDouble {
  /** For re-ranking on the page. */
  engine: LlmEngine;
  /** The same double for the augmentation worker, which builds its own. */
  spec: EngineSpec;
}

/** The scripts that can run without knowing held-out items (not 'oracle'). */
const SCRIPTS: readonly DoubleScriptName[] = ['prefers-first', 'random-seeded'];

export function demoTestDouble(search: string = globalThis.location?.search ?? ''): DemoTestDouble | undefined {
  const raw = new URLSearchParams(search).get('llm');
  const match = raw === null ? null : /^test-double(?::([\w-]+))?$/.exec(raw);
  if (!match) return undefined;
  const script = (match[1] ?? 'prefers-first') as DoubleScriptName;
  if (!SCRIPTS.includes(script)) return undefined;
  return { engine: createDoubleEngine({ script }), spec: { kind: 'test-double', script } };
}
