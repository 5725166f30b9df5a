/**
 * The dataset shipped with the app (public/data/ml-latest-small, MovieLens latest-small with
 * its README.txt licence), imported on first start.
 *
 * Its URL is resolved against the page, not the server root, so a build served from a
 * sub-path (https://host/some/path/) finds https://host/some/path/data/ml-latest-small/.
 */
import { RecError } from '../errors.ts';
import type { LongWorkOptions } from '../progress.ts';
import type { DatasetMeta } from './db.ts';
import { sourceFromUrl } from './import/source.ts';
import type { RecStore } from './store.ts';

export const EMBEDDED_DATASET = {
  name: 'ml-latest-small',
  /** Relative to the page's base URL (Vite copies public/ to the root of the build). */
  baseUrl: 'data/ml-latest-small/',
  files: ['ratings.csv', 'movies.csv'],
} as const;

export interface EmbeddedImportOptions extends LongWorkOptions {
  /**
   * The page URL to resolve the dataset against. Defaults to `document.baseURI`; a worker
   * (which has no document, and whose own URL sits under assets/) must pass the page's URL.
   */
  pageUrl?: string | URL;
  /** For tests: a fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

/** The embedded dataset's folder URL, with a trailing slash. */
export function embeddedDatasetUrl(pageUrl?: string | URL): string {
  const base = pageUrl ?? globalThis.document?.baseURI;
  if (base === undefined) {
    throw new RecError(
      'CONFIG_INVALID',
      "There is no page here to find the embedded dataset from (no document). Pass the page's URL as `pageUrl`.",
    );
  }
  return new URL(EMBEDDED_DATASET.baseUrl, base).href;
}

/** Downloads the embedded dataset from the app's own origin and imports it (all or nothing). */
export async function importEmbeddedDataset(store: RecStore, options: EmbeddedImportOptions = {}): Promise<DatasetMeta> {
  const { pageUrl, fetch: fetchImpl, ...work } = options;
  const source = await sourceFromUrl(embeddedDatasetUrl(pageUrl), [...EMBEDDED_DATASET.files], fetchImpl);
  return store.importDataset(source, { ...work, name: EMBEDDED_DATASET.name, format: 'movielens-csv' });
}

/** First start: imports the embedded dataset unless the store already holds a dataset. */
export async function ensureDataset(store: RecStore, options: EmbeddedImportOptions = {}): Promise<DatasetMeta> {
  return (await store.info()) ?? importEmbeddedDataset(store, options);
}
