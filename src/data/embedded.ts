/**
 * The dataset shipped with the demo app (public/data/ml-latest-small, MovieLens latest-small with
 * its README.txt licence), imported on first start. The npm package does not contain it (its
 * terms are not the code's): an app that calls ensureDataset() serves the two files itself, or
 * says where they are (`url`); one that does not gets DATASET_NOT_SERVED saying so.
 *
 * Its URL is resolved against the page, not the server root, so a build served from a
 * sub-path (https://host/some/path/) finds https://host/some/path/data/ml-latest-small/.
 */
import { isRecError, RecError } from '../errors.ts';
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
  /**
   * The folder the app serves ratings.csv and movies.csv from (default: data/ml-latest-small/
   * beside the page, where the demo serves them). Relative URLs resolve against `pageUrl`.
   */
  url?: string | URL;
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

/**
 * Downloads the embedded dataset from the app's own origin and imports it (all or nothing).
 * Throws DATASET_NOT_SERVED when the app does not serve its files there.
 */
export async function importEmbeddedDataset(store: RecStore, options: EmbeddedImportOptions = {}): Promise<DatasetMeta> {
  const { pageUrl, url, fetch: fetchImpl, ...work } = options;
  const folder = url === undefined ? embeddedDatasetUrl(pageUrl) : new URL(url, pageUrl ?? globalThis.document?.baseURI).href;
  let source;
  try {
    source = await sourceFromUrl(folder, [...EMBEDDED_DATASET.files], fetchImpl);
  } catch (error) {
    if (isRecError(error) && error.code === 'IMPORT_UNREADABLE') throw notServed(folder, error);
    throw error;
  }
  return store.importDataset(source, { ...work, name: EMBEDDED_DATASET.name, format: 'movielens-csv' });
}

function notServed(folder: string, cause: RecError): RecError {
  return new RecError(
    'DATASET_NOT_SERVED',
    `ensureDataset() imports the MovieLens latest-small files ${EMBEDDED_DATASET.files.join(' and ')} from ${folder}, ` +
      `but they could not be read there (${cause.message}) ` +
      'The npm package does not include them: serve them at that URL (they are in the project repository under ' +
      'public/data/ml-latest-small/, with their own non-commercial licence in README.txt), pass { url } where you serve them, ' +
      'or import your own interactions instead: rec.import(await sourceFromUrl(folderUrl, [fileNames])).',
    { cause },
  );
}

/** First start: imports the embedded dataset unless the store already holds a dataset. */
export async function ensureDataset(store: RecStore, options: EmbeddedImportOptions = {}): Promise<DatasetMeta> {
  return (await store.info()) ?? importEmbeddedDataset(store, options);
}
