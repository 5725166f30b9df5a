/**
 * The names of TF.js backends and what a `backend` option may ask for. Apart from backend.ts
 * because options are validated (recommender-options.ts) before anything loads TF.js, and this
 * file imports nothing.
 */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** 'auto' (backend.ts's automatic choice) or exactly one backend. */
export type BackendRequest = 'auto' | BackendName;

export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendRequest(value: unknown): value is BackendRequest {
  return (BACKEND_REQUESTS as readonly unknown[]).includes(value);
}
