import { describe, expect, it } from 'vitest';
import { EMBEDDED_DATASET, embeddedDatasetUrl } from './embedded.ts';

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
