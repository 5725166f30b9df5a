// The bad-input corpus (tests/fixtures/bad-input/corpus.ts) against the parser: every case is
// refused with its typed error and a short message. The browser twin checks the store.
import { describe, expect, it } from 'vitest';
import { BAD_INPUT_CORPUS, MAX_MESSAGE_LENGTH, type BadInputCase } from '../../../tests/fixtures/bad-input/corpus.ts';
import { ImportError } from './import-error.ts';
import { parseDataset } from './parse.ts';
import { sourceFromMemory } from './source.ts';

async function refusal(testCase: BadInputCase): Promise<unknown> {
  const source = sourceFromMemory(testCase.files(), testCase.chunkSize === undefined ? {} : { chunkSize: testCase.chunkSize });
  return parseDataset(source, testCase.options ?? {}).then(
    () => new Error('the import succeeded'),
    (error: unknown) => error,
  );
}

describe('bad-input corpus: each file refused with its typed error (code, file, line, field)', () => {
  it('holds at least 40 cases, covering all five formats', () => {
    expect(BAD_INPUT_CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_INPUT_CORPUS.map((c) => c.format))).toEqual(
      new Set(['movielens-csv', 'movielens-100k', 'movielens-1m', 'generic-csv', 'generic-json']),
    );
  });

  it.each(BAD_INPUT_CORPUS.map((c) => [`${c.format}: ${c.input}`, c] as const))('%s', async (_, testCase) => {
    const error = await refusal(testCase);
    expect(error).toBeInstanceOf(ImportError);
    const { code, file, line, field, message } = error as ImportError;
    expect({ code, file, line, field }).toEqual(testCase.expected);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    if (testCase.says) expect(message).toContain(testCase.says);
  });
});
