/**
 * Errors cross worker boundaries as themselves: Comlink's default "throw" handler turns every
 * error into a plain `Error` (class, `code` and fields lost). This replaces it so a `RecError`
 * thrown in a worker arrives on the other side as the same class with the same `code`, message,
 * own fields (e.g. an import error's file/line/field) and cause message.
 *
 * Call `installRecErrorTransfer()` on both sides of the boundary, before `wrap`/`expose`.
 */
import * as Comlink from 'comlink';
import { RecError } from '../errors.ts';

type ErrorClass = { prototype: RecError };

const errorClasses = new Map<string, ErrorClass>([['RecError', RecError]]);

/**
 * Makes subclasses arrive as themselves, matched by the `name` their instances carry: each key is
 * that name, e.g. `registerErrorClasses({ AugmentError })`. Not the class's own `.name`, which a
 * minifier renames while the instance's name (a string literal set in the constructor) stays.
 */
export function registerErrorClasses(classes: Readonly<Record<string, ErrorClass>>): void {
  for (const [name, errorClass] of Object.entries(classes)) errorClasses.set(name, errorClass);
}

interface SerializedRecError {
  isRecError: true;
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
  causeMessage?: string;
}

function ownCloneableFields(error: RecError): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause') continue;
    try {
      fields[key] = structuredClone(value);
    } catch {
      // A field that cannot be cloned (a function, a DOM node) is dropped rather than failing the call.
    }
  }
  return fields;
}

export function serializeRecError(error: RecError): SerializedRecError {
  const cause = (error as { cause?: unknown }).cause;
  return {
    isRecError: true,
    name: error.name,
    message: error.message,
    stack: error.stack,
    fields: ownCloneableFields(error),
    ...(cause instanceof Error ? { causeMessage: `${cause.name}: ${cause.message}` } : {}),
  };
}

export function deserializeRecError(serialized: SerializedRecError): RecError {
  const errorClass = errorClasses.get(serialized.name) ?? RecError;
  const error = Object.create(errorClass.prototype) as RecError;
  Object.assign(error, serialized.fields);
  Object.defineProperties(error, {
    name: { value: serialized.name, writable: true, configurable: true },
    message: { value: serialized.message, writable: true, configurable: true },
    stack: { value: serialized.stack, writable: true, configurable: true },
  });
  if (serialized.causeMessage !== undefined) {
    Object.defineProperty(error, 'cause', { value: new Error(serialized.causeMessage), configurable: true });
  }
  return error;
}

let installed = false;

export function installRecErrorTransfer(): void {
  if (installed) return;
  const fallback = Comlink.transferHandlers.get('throw');
  if (!fallback) throw new Error('Comlink has no "throw" transfer handler to extend');
  Comlink.transferHandlers.set('throw', {
    canHandle: (value: unknown): value is unknown => fallback.canHandle(value),
    serialize(thrown: unknown) {
      const value = (thrown as { value: unknown }).value;
      if (value instanceof RecError) {
        return [{ isError: true, recError: serializeRecError(value) }, []];
      }
      return fallback.serialize(thrown);
    },
    deserialize(serialized: unknown) {
      const recError = (serialized as { recError?: SerializedRecError }).recError;
      if (recError?.isRecError) throw deserializeRecError(recError);
      return fallback.deserialize(serialized);
    },
  });
  installed = true;
}
