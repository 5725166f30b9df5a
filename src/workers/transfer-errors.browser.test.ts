import * as Comlink from 'comlink';
import { expect, test } from 'vitest';
import { AbortedError, RecError } from '../errors.ts';
import { installRecErrorTransfer, registerErrorClasses } from './transfer-errors.ts';

test('a RecError thrown in a real module worker arrives through Comlink as its own class', async () => {
  installRecErrorTransfer();
  registerErrorClasses({ AbortedError });
  const worker = new Worker(new URL('../../tests/fixtures/workers/throwing-worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<{ fail(what: string): Promise<void> }>(worker);
  try {
    const error = await remote.fail('Training').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toBeInstanceOf(RecError);
    expect((error as RecError).code).toBe('ABORTED');
    expect((error as RecError).message).toContain('Training was cancelled');
  } finally {
    worker.terminate();
  }
});
