import { expect, test } from 'vitest';
import * as api from './index.ts';
import { RecError } from './errors.ts';

test('the package entry loads in a browser and defines the embeddable element', () => {
  expect(customElements.get('l4r-recommendations')).toBe(api.L4rRecommendations);
  expect(typeof api.createRecommender).toBe('function');
  expect(typeof api.useStoreRecommendations).toBe('function');
});

test('every error class the entry exports is a RecError', () => {
  const errorClasses = Object.entries(api as Record<string, unknown>)
    .filter(([name, value]) => typeof value === 'function' && /Error$/.test(name) && name !== 'isRecError')
    .map(([name, value]) => [name, value as { prototype: unknown }] as const);
  expect(errorClasses.length).toBeGreaterThan(10);
  for (const [name, errorClass] of errorClasses) {
    expect(errorClass === RecError || errorClass.prototype instanceof RecError, name).toBe(true);
  }
});

test('the LLM test doubles are not in the main entry but in llama4rec-web/testing', async () => {
  const names = Object.keys(api);
  expect(names.filter((name) => /double|scripted/i.test(name))).toEqual([]);
  const testing = await import('./testing/index.ts');
  expect(Object.keys(testing).sort()).toEqual(['DOUBLE_SCRIPTS', 'ScriptedLlmDouble', 'createDoubleEngine']);
  expect(new testing.ScriptedLlmDouble(() => 'A').modelId).toBe('test-double/scripted');
});
