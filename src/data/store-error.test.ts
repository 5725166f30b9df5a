import { describe, expect, it } from 'vitest';
import { AbortedError, RecError } from '../errors.ts';
import { toStoreError } from './store-error.ts';

describe('toStoreError', () => {
  it('maps a QuotaExceededError DOMException to QUOTA_EXCEEDED, keeping it as cause', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const mapped = toStoreError(quota, 'saving the dataset "x"');
    expect(mapped).toBeInstanceOf(RecError);
    expect(mapped).toMatchObject({ code: 'QUOTA_EXCEEDED', cause: quota });
    expect((mapped as RecError).message).toMatch(/ran out of storage.*Free space/);
  });

  it('maps quota even when the signal also fired (the disk, not the user, stopped it)', () => {
    const controller = new AbortController();
    controller.abort();
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(toStoreError(quota, 'x', controller.signal)).toMatchObject({ code: 'QUOTA_EXCEEDED' });
  });

  it('maps an abort caused by the caller to AbortedError', () => {
    const controller = new AbortController();
    controller.abort('stop');
    const mapped = toStoreError(new DOMException('aborted', 'AbortError'), 'saving the dataset "x"', controller.signal);
    expect(mapped).toBeInstanceOf(AbortedError);
    expect(mapped).toMatchObject({ code: 'ABORTED', cause: 'stop' });
  });

  it('passes RecErrors and unknown errors through unchanged', () => {
    const rec = new RecError('IMPORT_EMPTY', 'empty');
    expect(toStoreError(rec, 'x')).toBe(rec);
    const other = new DOMException('bad key', 'DataError');
    expect(toStoreError(other, 'x')).toBe(other);
  });

  it('maps a broken database connection to STORE_UNAVAILABLE', () => {
    const closing = new DOMException('The database connection is closing.', 'InvalidStateError');
    expect(toStoreError(closing, 'reading')).toMatchObject({ code: 'STORE_UNAVAILABLE', cause: closing });
  });

  it('explains a database from a newer app version', () => {
    const newer = new DOMException('The requested version (1) is less than the existing version (2).', 'VersionError');
    expect(toStoreError(newer, 'opening the database "llama4rec"')).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      cause: newer,
      message: expect.stringContaining('newer version of this app'),
    });
  });
});
