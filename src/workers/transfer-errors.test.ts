import { describe, expect, test } from 'vitest';
import { RecError } from '../errors.ts';
import { deserializeRecError, registerErrorClasses, serializeRecError } from './transfer-errors.ts';

class ExampleFileError extends RecError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, cause?: unknown) {
    super('IMPORT_BAD_NUMBER', `${file}:${line}: not a number`, { cause });
    this.name = 'ExampleFileError';
    this.file = file;
    this.line = line;
  }
}

describe('RecError across a structured-clone boundary', () => {
  test('a registered subclass arrives as itself, with its code, fields and cause message', () => {
    registerErrorClasses({ ExampleFileError });
    const original = new ExampleFileError('ratings.csv', 12, new TypeError('bad digit'));
    const copy = deserializeRecError(structuredClone(serializeRecError(original)));
    expect(copy).toBeInstanceOf(ExampleFileError);
    expect(copy).toBeInstanceOf(RecError);
    expect(copy.code).toBe('IMPORT_BAD_NUMBER');
    expect(copy.message).toBe('ratings.csv:12: not a number');
    expect((copy as ExampleFileError).line).toBe(12);
    expect((copy.cause as Error).message).toBe('TypeError: bad digit');
  });

  test('a class whose own name a minifier changed is still found by the name its instances carry', () => {
    // What a minified bundle holds: the class bound to a short name, the instance name a literal.
    const e = class extends RecError {
      constructor() {
        super('DEVICE_LOST', 'GPU lost; reload the page.');
        this.name = 'DeviceGoneError';
      }
    };
    expect(e.name).toBe('e');
    registerErrorClasses({ DeviceGoneError: e });
    const copy = deserializeRecError(structuredClone(serializeRecError(new e())));
    expect(copy).toBeInstanceOf(e);
    expect(copy.name).toBe('DeviceGoneError');
  });

  test('an unregistered subclass still arrives as a RecError with its name and code', () => {
    class Unregistered extends RecError {
      constructor() {
        super('DEVICE_LOST', 'GPU lost; reload the page.');
        this.name = 'Unregistered';
      }
    }
    const copy = deserializeRecError(structuredClone(serializeRecError(new Unregistered())));
    expect(copy).toBeInstanceOf(RecError);
    expect(copy.name).toBe('Unregistered');
    expect(copy.code).toBe('DEVICE_LOST');
  });
});
