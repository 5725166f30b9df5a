import { describe, expect, it } from 'vitest';
import { ImportError } from './import-error.ts';
import { parseDataset } from './parse.ts';
import { baseName, sourceFromFiles, sourceFromUrl } from './source.ts';

const RATINGS = 'userId,movieId,rating,timestamp\n1,1,4,5\n';
const MOVIES = 'movieId,title,genres\n1,One (2001),Drama\n';

function fakeFetch(files: Record<string, string>, calls: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    calls.push(url);
    const name = url.split('/').pop()!;
    const body = files[name];
    return body === undefined ? new Response('nope', { status: 404, statusText: 'Not Found' }) : new Response(body);
  }) as typeof fetch;
}

describe('sources', () => {
  it('sourceFromUrl fetches each file once up front, and again when streamed a second time', async () => {
    const calls: string[] = [];
    const source = await sourceFromUrl('/data/ml', ['ratings.csv', 'movies.csv'], fakeFetch({ 'ratings.csv': RATINGS, 'movies.csv': MOVIES }, calls));
    expect(source.name).toBe('ml');
    expect(calls).toEqual(['/data/ml/ratings.csv', '/data/ml/movies.csv']);
    const first = await parseDataset(source);
    const second = await parseDataset(source);
    expect(first.interactions).toEqual(second.interactions);
    expect(first.items[0]!.title).toBe('One (2001)');
    expect(calls.length).toBeGreaterThan(2);
  });

  it('sourceFromUrl: a 404 or a network failure is IMPORT_UNREADABLE naming the file', async () => {
    const missing = await sourceFromUrl('/d/', ['ratings.csv', 'movies.csv'], fakeFetch({ 'ratings.csv': RATINGS })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ImportError);
    expect(missing).toMatchObject({ code: 'IMPORT_UNREADABLE', file: 'movies.csv' });
    expect((missing as Error).message).toContain('404');

    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const down = await sourceFromUrl('/d/', ['ratings.csv'], offline).catch((e: unknown) => e);
    expect(down).toMatchObject({ code: 'IMPORT_UNREADABLE', file: 'ratings.csv' });
    expect((down as Error).cause).toBeInstanceOf(TypeError);
  });

  it("sourceFromUrl: an HTML page where a data file should be (a single-page app's fallback) is IMPORT_UNREADABLE, not a parse error", async () => {
    const spa = (async () => new Response('<!doctype html><html><body>app</body></html>', { headers: { 'content-type': 'text/html; charset=utf-8' } })) as typeof fetch;
    const error = await sourceFromUrl('/data/', ['ratings.csv'], spa).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMPORT_UNREADABLE', file: 'ratings.csv' });
    expect((error as Error).message).toContain('answered /data/ratings.csv with an HTML page');
  });

  it('sourceFromFiles reads File objects (as from a file picker or a drop)', async () => {
    const source = sourceFromFiles([new File([RATINGS], 'ratings.csv'), new File([MOVIES], 'movies.csv')]);
    expect(source.files.map((f) => [f.name, f.size])).toEqual([
      ['ratings.csv', RATINGS.length],
      ['movies.csv', MOVIES.length],
    ]);
    const d = await parseDataset(source);
    expect(d.interactions.length).toBe(1);
  });

  it('baseName strips folders, POSIX or Windows', () => {
    expect(baseName('a/b/u.data')).toBe('u.data');
    expect(baseName('C:\\ml\\u.item')).toBe('u.item');
  });
});
