/**
 * The public API's entry: `createRecommender(options)` checks the options (naming a bad field)
 * before anything is opened or loaded, opens the store unless one is given, and returns the
 * Recommender over it (store-recommender.ts; the contract is recommender.ts).
 */
import { openRecStore } from '../data/store.ts';
import { setWasmLocation } from '../runtime/wasm-paths.ts';
import { validateRecommenderOptions, type RecommenderOptions } from './recommender-options.ts';
import type { Recommender } from './recommender.ts';
import { StoreRecommender } from './store-recommender.ts';

export async function createRecommender(options: RecommenderOptions = {}): Promise<Recommender> {
  validateRecommenderOptions(options);
  // This page's TF.js (serving, main-thread training); workers are told in their requests.
  if (options.wasmPaths !== undefined) setWasmLocation(options.wasmPaths);
  const store = options.store ?? (await openRecStore(options.dbName));
  return new StoreRecommender(store, options, options.store === undefined);
}
