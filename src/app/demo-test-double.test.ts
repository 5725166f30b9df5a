import { expect, test } from 'vitest';
import { demoTestDouble } from './demo-test-double.ts';

test('?llm=test-double gives the prefers-first double, for the page and as a spec for the worker', async () => {
  const double = demoTestDouble('?epochs=2&llm=test-double')!;
  expect(double.engine.kind).toBe('test-double');
  expect(double.engine.modelId).toBe('test-double/prefers-first');
  expect(double.spec).toEqual({ kind: 'test-double', script: 'prefers-first' });
  // It answers a pair prompt by naming the first label, as the script says.
  const answer = await double.engine.chat({ messages: [{ role: 'user', content: 'Which?\n[A] "Alien"\n[B] "Brazil"' }] });
  expect(answer.text).toBe('A, B');
});

test('a named script is used; the oracle, unknown scripts and other values give no double', () => {
  expect(demoTestDouble('?llm=test-double:random-seeded')?.spec).toEqual({ kind: 'test-double', script: 'random-seeded' });
  for (const search of ['', '?llm=', '?llm=webllm', '?llm=test-double:oracle', '?llm=test-double:nope', '?llm=test-doubles']) {
    expect(demoTestDouble(search)).toBeUndefined();
  }
});
