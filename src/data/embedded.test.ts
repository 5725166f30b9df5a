import { describe, expect, it } from 'vitest';
import { EMBEDDED_DATASET, embeddedDatasetUrl, ensureDataset } from './embedded.ts';
import type { RecStore } from './store.ts';

describe('embeddedDatasetUrl', () => {
  it('resolves against the page, so a site served from a sub-path finds its own copy', () => {
    expect(embeddedDatasetUrl('https://example.org/apps/l4r/')).toBe('https://example.org/apps/l4r/data/ml-latest-small/');
    expect(embeddedDatasetUrl('https://example.org/apps/l4r/index.html?user=3#top')).toBe(
      'https://example.org/apps/l4r/data/ml-latest-small/',
    );
    expect(embeddedDatasetUrl(new URL('http://localhost:5173/'))).toBe('http://localhost:5173/data/ml-latest-small/');
  });

  it('names the files the app ships', () => {
    expect(EMBEDDED_DATASET.files).toEqual(['ratings.csv', 'movies.csv']);
  });

  it('without a document (Node, a worker) asks for the page URL', () => {
    expect(() => embeddedDatasetUrl()).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('pageUrl') }));
  });
});

describe('ensureDataset in an app that does not serve the MovieLens files', () => {
  const emptyStore = (imports: unknown[]) =>
    ({ info: async () => null, importDataset: async (source: unknown) => void imports.push(source) }) as unknown as RecStore;
  const fallbackPage = (async () => new Response('<!doctype html><title>app</title>', { headers: { 'content-type': 'text/html' } })) as typeof fetch;

  it('is DATASET_NOT_SERVED saying where it looked and what to do, and imports nothing', async () => {
    const imports: unknown[] = [];
    const error = await ensureDataset(emptyStore(imports), { pageUrl: 'https://shop.example/app/', fetch: fallbackPage }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATASET_NOT_SERVED' });
    const message = (error as Error).message;
    expect(message).toContain('from https://shop.example/app/data/ml-latest-small/');
    expect(message).toContain('with an HTML page');
    expect(message).toContain('pass { url }');
    expect(message).toContain('rec.import(await sourceFromUrl(');
    expect(imports).toEqual([]);
  });

  it('reads the files from `url` when the app serves them elsewhere', async () => {
    const asked: string[] = [];
    const served = (async (input: string | URL | Request) => {
      asked.push(String(input));
      return new Response('x\n');
    }) as typeof fetch;
    const imports: unknown[] = [];
    await ensureDataset(emptyStore(imports), { pageUrl: 'https://shop.example/app/', url: '/static/movielens/', fetch: served });
    expect(asked).toEqual(['https://shop.example/static/movielens/ratings.csv', 'https://shop.example/static/movielens/movies.csv']);
    expect(imports).toHaveLength(1);
  });
});
