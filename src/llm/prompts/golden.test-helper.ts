/**
 * Golden files for prompt tests: a builder's full text is compared exactly with a stored file in
 * tests/fixtures/llm/golden/. After an intended wording change, bump PROMPT_VERSION, rerun with
 * L4R_UPDATE_GOLDEN=1 and read the diff before keeping it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { BuiltPrompt } from './sections.ts';
import { renderMessages } from './render-messages.ts';

const goldenDir = new URL('../../../tests/fixtures/llm/golden/', import.meta.url);

export function expectGolden(name: string, prompt: BuiltPrompt): void {
  const text = renderMessages(prompt.messages);
  const file = new URL(`${name}.txt`, goldenDir);
  if (process.env.L4R_UPDATE_GOLDEN === '1') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
