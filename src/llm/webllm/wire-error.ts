/**
 * How an error leaves the LLM worker. WebLLM's own handler sends `err.toString()`, which loses
 * the class; our handler (worker-handler.ts) sends this plain object instead, so the page can
 * map the failure by WebLLM's error name (classify-error.ts) and keep it as `cause`.
 */
export interface WireError {
  l4rWireError: true;
  name: string;
  message: string;
  /** The first cause in the chain, when there is one (e.g. the DOMException under a fetch failure). */
  cause?: { name: string; message: string };
}

function nameAndMessage(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const e = error as { name?: unknown; message?: unknown };
    return { name: typeof e.name === 'string' ? e.name : 'Error', message: String(e.message) };
  }
  // WebLLM and Emscripten sometimes throw bare strings.
  return { name: 'Error', message: String(error) };
}

export function toWireError(error: unknown): WireError {
  const wire: WireError = { l4rWireError: true, ...nameAndMessage(error) };
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause !== undefined) wire.cause = nameAndMessage(cause);
  return wire;
}

export function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && (value as WireError).l4rWireError === true;
}

/** Rebuilds an Error with the original name and message, to serve as `cause` on the page side. */
export function fromWireError(value: unknown): Error {
  if (value instanceof Error) return value;
  // An unpatched handler (or WebLLM's client itself) rejects with "Name: message" strings.
  if (typeof value === 'string') {
    const match = /^(\w*Error): ([\s\S]*)$/.exec(value);
    const error = new Error(match?.[2] ?? value);
    error.name = match?.[1] ?? 'Error';
    return error;
  }
  const { name, message, cause } = isWireError(value) ? value : { ...nameAndMessage(value), cause: undefined };
  const error = new Error(message, cause === undefined ? undefined : { cause: fromWireError({ l4rWireError: true, ...cause }) });
  error.name = name;
  return error;
}
