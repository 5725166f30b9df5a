/**
 * The source `<l4r-recommendations>` uses when the page gives it none. A host page that only
 * writes `<l4r-recommendations user-id="42">` still gets the list from the local store,
 * once something (the demo app, or the library's setup call) has registered how to build it.
 * A factory, not an instance, so nothing heavy (IndexedDB, TF.js) starts before an element asks.
 */
import type { RecommendationSource } from './recommendation-source.ts';

type Factory = () => Promise<RecommendationSource>;

let factory: Factory | undefined;
let pending: Promise<RecommendationSource> | undefined;

/** Registers how to build the default source; replaces any earlier one. */
export function setDefaultRecommendationSource(make: Factory | RecommendationSource | undefined): void {
  pending = undefined;
  if (make === undefined) factory = undefined;
  else if (typeof make === 'function') factory = make;
  else factory = () => Promise.resolve(make);
  listeners.forEach((listener) => listener());
}

/** The default source, built once on first use; undefined when none is registered. */
export function getDefaultRecommendationSource(): Promise<RecommendationSource> | undefined {
  if (!factory) return undefined;
  pending ??= factory().catch((error: unknown) => {
    // A failed build (e.g. the store could not open) is retried next time rather than cached.
    pending = undefined;
    throw error;
  });
  return pending;
}

const listeners = new Set<() => void>();

/** Elements re-render when the default source changes (e.g. after training finished). */
export function onDefaultRecommendationSourceChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
