/**
 * The WebLLM engine's side of the worker boundary: WebLLM's own handler, except that a failure
 * is sent as a WireError (name and message kept) instead of `err.toString()`, so the page can
 * tell a missing shader-f16 from a lost device from an unreachable model host.
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { toWireError } from './wire-error.ts';

class StructuredErrorHandler extends WebWorkerMLCEngineHandler {
  // Same as WebLLM 0.2.86's handleTask except for the error payload.
  override async handleTask<T>(uuid: string, task: () => Promise<T>): Promise<void> {
    try {
      const content = await task();
      this.postMessage({ kind: 'return', uuid, content });
    } catch (error) {
      this.postMessage({ kind: 'throw', uuid, content: toWireError(error) });
    }
  }
}

/** Call once at the top of the worker module. */
export function startLlmWorker(scope: { onmessage: ((event: MessageEvent) => void) | null }): void {
  const handler = new StructuredErrorHandler();
  scope.onmessage = (event: MessageEvent) => handler.onmessage(event);
}
