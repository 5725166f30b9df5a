import { describe, expect, it } from 'vitest';
import { sourceFromPath } from './node-source.ts';
import { detectFormat, parseDataset } from './parse.ts';
import { sourceFromMemory } from './source.ts';

const fixture = (name: string) => sourceFromPath(new URL(`../../../tests/fixtures/${name}`, import.meta.url).pathname);

describe('parseDataset: one test per format, against the fixture files by hand', () => {
  it('reads MovieLens latest CSV: quoted titles, doubled quotes, CRLF, UTF-8, no genres', async () => {
    const d = await parseDataset(await fixture('movielens-csv'));
    expect(d.format).toBe('movielens-csv');
    expect(d.name).toBe('movielens-csv');
    expect(d.items.map((i) => i.id)).toEqual(['1', '11', '30', '31', '99', '25']);
    expect(d.items[1]).toEqual({ index: 1, id: '11', title: 'American President, The (1995)', genres: ['Comedy', 'Drama', 'Romance'], year: 1995 });
    expect(d.items[2]!.title).toBe('"Great Performances" Cats (1998)');
    expect(d.items[2]!.year).toBe(1998);
    expect(d.items[3]!.title).toBe('City of Lost Children, The (Cité des enfants perdus, La) (1995)');
    expect(d.items[4]!.genres).toEqual([]);
    expect(d.items[5]!.year).toBe(1993); // "(1993–1998)"
    expect(d.users.map((u) => u.id)).toEqual(['1', '7', '3']);
    expect(d.interactions.length).toBe(5);
    expect([...d.interactions.user]).toEqual([0, 0, 1, 1, 2]);
    expect([...d.interactions.item]).toEqual([0, 1, 2, 0, 3]);
    expect([...d.interactions.rating]).toEqual([4, 3.5, 0.5, 5, 2]);
    expect([...d.interactions.timestamp]).toEqual([964982703, 964981247, 1106635946, 1106635900, 1200000000]);
  });

  it('reads MovieLens 100K: latin-1 titles, 19 genre flags, year from title or date', async () => {
    const d = await parseDataset(await fixture('movielens-100k'));
    expect(d.format).toBe('movielens-100k');
    expect(d.items.map((i) => i.id)).toEqual(['1', '267', '1311']);
    expect(d.items[0]).toEqual({ index: 0, id: '1', title: 'Toy Story (1995)', genres: ['Animation', "Children's", 'Comedy'], year: 1995 });
    expect(d.items[1]).toEqual({ index: 1, id: '267', title: 'unknown', genres: ['unknown'] });
    expect(d.items[2]).toEqual({ index: 2, id: '1311', title: 'Café au lait (1993)', genres: ['Comedy', 'Drama', 'Romance'], year: 1993 });
    expect(d.users.map((u) => u.id)).toEqual(['196', '186']);
    expect([...d.interactions.user]).toEqual([0, 1, 0]);
    expect([...d.interactions.item]).toEqual([0, 2, 1]);
    expect([...d.interactions.rating]).toEqual([3, 3, 1]);
    expect([...d.interactions.timestamp]).toEqual([881250949, 891717742, 878887116]);
  });

  it('reads MovieLens 1M: "::" separators, latin-1', async () => {
    const d = await parseDataset(await fixture('movielens-1m'));
    expect(d.format).toBe('movielens-1m');
    expect(d.items.map((i) => i.title)).toEqual(['Toy Story (1995)', 'Jumanji (1995)', 'Ménage à trois (1990)', 'Contender, The (2000)']);
    expect(d.items[0]!.genres).toEqual(['Animation', "Children's", 'Comedy']);
    expect(d.users.map((u) => u.id)).toEqual(['1', '2']);
    expect([...d.interactions.item]).toEqual([0, 3, 2]);
    expect([...d.interactions.rating]).toEqual([5, 3, 4]);
    expect([...d.interactions.timestamp]).toEqual([978300760, 978302109, 978298413]);
  });

  it('reads a generic CSV: synonyms, semicolons, ISO dates, an item file with genres and years', async () => {
    const d = await parseDataset(await fixture('generic-csv'));
    expect(d.format).toBe('generic-csv');
    expect(d.items).toEqual([
      { index: 0, id: 'b-1', title: 'Dune, Part One', genres: ['Sci-Fi', 'Classic'], year: 1965 },
      { index: 1, id: 'b-2', title: 'Emma', genres: [] },
      { index: 2, id: 'b-3', title: 'Unread Book (2020)', genres: [], year: 2020 },
    ]);
    expect(d.users.map((u) => u.id)).toEqual(['alice', 'bob']);
    expect([...d.interactions.user]).toEqual([0, 1, 0]);
    expect([...d.interactions.item]).toEqual([1, 0, 0]);
    expect([...d.interactions.rating]).toEqual([4.5, 3, 2]);
    // 2024-01-02T00:00:00Z = 19724 days · 86400 s.
    expect([...d.interactions.timestamp]).toEqual([19724 * 86400, 19723 * 86400, 19725 * 86400]);
  });

  it('reads a generic JSON without item file: items from ids, no rating (NaN), row order as time', async () => {
    const d = await parseDataset(await fixture('generic-json'));
    expect(d.format).toBe('generic-json');
    expect(d.items).toEqual([
      { index: 0, id: 'x', title: 'x', genres: [] },
      { index: 1, id: 'y', title: 'y', genres: [] },
    ]);
    expect(d.users.map((u) => u.id)).toEqual(['u1', 'u2']);
    expect([...d.interactions.item]).toEqual([0, 1, 1]);
    expect(d.interactions.rating.every(Number.isNaN)).toBe(true);
    expect([...d.interactions.timestamp]).toEqual([0, 1, 2]);
  });

  it('takes column order from the header, and JSON Lines with a JSON item file', async () => {
    const csv = await parseDataset(
      sourceFromMemory({ 'ratings.csv': 'timestamp,rating,movieId,userId\n5,2.5,10,7\n', 'movies.csv': 'genres,title,movieId\nDrama,"A, B",10\n' }),
    );
    expect(csv.items[0]).toEqual({ index: 0, id: '10', title: 'A, B', genres: ['Drama'] });
    expect([csv.users[0]!.id, csv.interactions.rating[0], csv.interactions.timestamp[0]]).toEqual(['7', 2.5, 5]);

    const jsonl = await parseDataset(
      sourceFromMemory({
        'log.jsonl': '{"userId": 5, "itemId": "a", "rating": "4", "ts": 9}\n\n{"userId": 6, "itemId": "a", "rating": 1, "ts": 3}\n',
        'catalog.json': '[{"id_is_not_here": 1, "itemId": "a", "name": "Alpha (1999)", "genres": ["X", "Y"]}]',
      }),
    );
    expect(jsonl.format).toBe('generic-json');
    expect(jsonl.items).toEqual([{ index: 0, id: 'a', title: 'Alpha (1999)', genres: ['X', 'Y'], year: 1999 }]);
    expect(jsonl.users.map((u) => u.id)).toEqual(['5', '6']);
    expect([...jsonl.interactions.rating]).toEqual([4, 1]);
    expect([...jsonl.interactions.timestamp]).toEqual([9, 3]);
  });

  it('reads a quoted title that spans two lines, reporting later rows at their own lines', async () => {
    const source = sourceFromMemory({
      'movies.csv': 'movieId,title,genres\n1,"Two\nLines (2000)",Drama\n2,Next (2001),Drama\n',
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4,5\n1,2,x,6\n',
    });
    await expect(parseDataset(source)).rejects.toMatchObject({ code: 'IMPORT_BAD_NUMBER', file: 'ratings.csv', line: 3 });
    const d = await parseDataset({ files: [source.files[0]!, sourceFromMemory({ 'ratings.csv': 'userId,movieId,rating,timestamp\n1,2,4,5\n' }).files[0]!] });
    expect(d.items.map((i) => [i.title, i.year])).toEqual([
      ['Two\nLines (2000)', 2000],
      ['Next (2001)', 2001],
    ]);
    const bad = sourceFromMemory({
      'movies.csv': 'movieId,title,genres\n1,"Two\nLines (2000)",Drama\n2,Next (2001)\n',
      'ratings.csv': 'userId,movieId,rating,timestamp\n1,2,4,5\n',
    });
    await expect(parseDataset(bad)).rejects.toMatchObject({ code: 'IMPORT_BAD_ROW', file: 'movies.csv', line: 4 });
  });

  it('gives the same result when every chunk is 3 bytes (CRLF and multi-byte characters split)', async () => {
    const whole = await parseDataset(await fixture('movielens-csv'));
    const { readFile } = await import('node:fs/promises');
    const dir = new URL('../../../tests/fixtures/movielens-csv/', import.meta.url);
    const tiny = await parseDataset(
      sourceFromMemory(
        { 'ratings.csv': await readFile(new URL('ratings.csv', dir)), 'movies.csv': await readFile(new URL('movies.csv', dir)) },
        { chunkSize: 3 },
      ),
    );
    expect(tiny.items).toEqual(whole.items);
    expect(tiny.interactions).toEqual(whole.interactions);
  });

  it('reports progress in bytes, ending at the total', async () => {
    const source = await fixture('movielens-csv');
    const total = source.files.reduce((sum, f) => sum + f.size!, 0);
    const seen: { phase: string; done: number; total?: number }[] = [];
    await parseDataset(source, { onProgress: (p) => seen.push(p) });
    expect(seen.some((p) => p.phase === 'reading movies.csv')).toBe(true);
    expect(seen.some((p) => p.phase === 'reading ratings.csv')).toBe(true);
    expect(seen.every((p) => p.total === total)).toBe(true);
    expect(seen.at(-1)!.done).toBe(total);
  });

  it('detects every fixture format, and --format overrides detection', async () => {
    expect(await detectFormat(await fixture('movielens-csv'))).toBe('movielens-csv');
    expect(await detectFormat(await fixture('movielens-100k'))).toBe('movielens-100k');
    expect(await detectFormat(await fixture('movielens-1m'))).toBe('movielens-1m');
    expect(await detectFormat(await fixture('generic-csv'))).toBe('generic-csv');
    expect(await detectFormat(await fixture('generic-json'))).toBe('generic-json');
    // ratings.csv + movies.csv read as generic: items from movies.csv (movieId, title, genres).
    const generic = await parseDataset(await fixture('movielens-csv'), { format: 'generic-csv' });
    expect(generic.format).toBe('generic-csv');
    expect(generic.items).toHaveLength(6);
    expect(generic.interactions.length).toBe(5);
  });
});
