/** Test helper: the backend a Node test runs on (default: what chooseBackend picks, WASM). */
import { chooseBackend, useBackend, type BackendName } from '../../../src/models/backend.ts';

export async function nodeBackend(name?: BackendName): Promise<BackendName> {
  return (name ? await useBackend(name) : await chooseBackend()).backend;
}
