import { describe, expect, it } from 'vitest';
import { AbortedError } from '../../errors.ts';
import { ImportError } from './import-error.ts';
import { sourceFromPath } from './node-source.ts';
import { parseDataset } from './parse.ts';
import { sourceFromMemory, type DatasetSource } from './source.ts';

const MOVIES = 'movieId,title,genres\n1,One (2001),Drama\n2,Two (2002),Comedy\n';
const ml = (ratings: string, movies = MOVIES) => sourceFromMemory({ 'ratings.csv': ratings, 'movies.csv': movies });

async function importError(source: DatasetSource | Promise<DatasetSource>, options = {}): Promise<ImportError> {
  try {
    await parseDataset(await source, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected the import to fail');
}

describe('bad input: each case a typed ImportError naming file, line and field', () => {
  it('unreadable: a missing path, and a file whose stream fails', async () => {
    const missing = await sourceFromPath('/no/such/dataset').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ImportError);
    expect(missing).toMatchObject({ code: 'IMPORT_UNREADABLE', file: '/no/such/dataset' });

    const broken: DatasetSource = {
      files: [
        { name: 'u.data', stream: () => new ReadableStream({ pull: (c) => c.error(new Error('EIO: disk read failed')) }) },
        sourceFromMemory({ 'u.item': `1|A|||${'|0'.repeat(19)}\n` }).files[0]!,
      ],
    };
    const error = await importError(broken);
    expect(error).toMatchObject({ code: 'IMPORT_UNREADABLE', file: 'u.data' });
    expect(error.message).toContain('EIO: disk read failed');
  });

  it('wrong format: unknown files, a forced format whose files are absent, two formats at once', async () => {
    const unknown = await importError(sourceFromMemory({ 'notes.txt': 'hello', 'data.csv': 'a,b\n1,2\n' }));
    expect(unknown.code).toBe('IMPORT_UNKNOWN_FORMAT');
    expect(unknown.message).toContain('data.csv');
    expect(unknown.message).toContain('MovieLens 100K (u.data + u.item)');

    const forced = await importError(ml('userId,movieId,rating,timestamp\n1,1,4,5\n'), { format: 'movielens-100k' });
    expect(forced.code).toBe('IMPORT_UNKNOWN_FORMAT');
    expect(forced.message).toContain('u.data and u.item are missing');

    const both = await importError(
      sourceFromMemory({ 'ratings.csv': 'x', 'movies.csv': 'x', 'u.data': 'x', 'u.item': 'x' }),
    );
    expect(both.code).toBe('IMPORT_UNKNOWN_FORMAT');
    expect(both.message).toContain('movielens-csv, movielens-100k');

    const half = await importError(sourceFromMemory({ 'u.data': '1\t1\t1\t1\n' }));
    expect(half.message).toContain('u.item is missing');
  });

  it('missing column: names the column and the header it found', async () => {
    const error = await importError(ml('userId,movieId,timestamp\n1,1,5\n'));
    expect(error).toMatchObject({ code: 'IMPORT_MISSING_COLUMN', file: 'ratings.csv', line: 1, field: 'rating' });
    expect(error.message).toContain('userId, movieId, timestamp');

    const movies = await importError(ml('userId,movieId,rating,timestamp\n1,1,4,5\n', 'movieId,genres\n1,Drama\n'));
    expect(movies).toMatchObject({ code: 'IMPORT_MISSING_COLUMN', file: 'movies.csv', field: 'title' });
  });

  it('bad number: text or an empty cell where a rating is', async () => {
    const text = await importError(ml('userId,movieId,rating,timestamp\n1,1,4,5\n1,2,abc,6\n'));
    expect(text).toMatchObject({ code: 'IMPORT_BAD_NUMBER', file: 'ratings.csv', line: 3, field: 'rating' });
    expect(text.message).toContain('"abc" is not a number');

    const empty = await importError(ml('userId,movieId,rating,timestamp\n1,1,,5\n'));
    expect(empty).toMatchObject({ code: 'IMPORT_BAD_NUMBER', line: 2, field: 'rating' });

    const time = await importError(sourceFromMemory({ 'ratings.dat': '1::1::5::soon\n', 'movies.dat': '1::A::Drama\n' }));
    expect(time).toMatchObject({ code: 'IMPORT_BAD_NUMBER', file: 'ratings.dat', line: 1, field: 'timestamp' });

    // Off-scale values are refused too: see bad-input-corpus.test.ts.
    await expect(parseDataset(ml('userId,movieId,rating,timestamp\n1,1,7.5,5\n'))).rejects.toMatchObject({ code: 'IMPORT_OUT_OF_RANGE', line: 2, field: 'rating' });
  });

  it('bad row: too few fields, an unclosed quote', async () => {
    const short = await importError(sourceFromMemory({ 'u.data': '1\t1\t3\t9\n2\t1\t3\n', 'u.item': `1|A|||${'|0'.repeat(19)}\n` }));
    expect(short).toMatchObject({ code: 'IMPORT_BAD_ROW', file: 'u.data', line: 2 });
    expect(short.message).toContain('3 fields but 4 are needed');

    const quote = await importError(ml('userId,movieId,rating,timestamp\n1,1,4,5\n', 'movieId,title,genres\n1,"Open,Drama\n'));
    expect(quote).toMatchObject({ code: 'IMPORT_BAD_ROW', file: 'movies.csv', line: 2 });
  });

  it('unknown item: a rating of a movie the item file lacks', async () => {
    const error = await importError(ml('userId,movieId,rating,timestamp\n1,1,4,5\n1,42,3,6\n'));
    expect(error).toMatchObject({ code: 'IMPORT_UNKNOWN_ITEM', file: 'ratings.csv', line: 3, field: 'movieId' });
    expect(error.message).toContain('item 42 is not in movies.csv');
  });

  it('duplicate rating: reported at the second row, naming the first', async () => {
    const error = await importError(ml('userId,movieId,rating,timestamp\n1,1,4,5\n2,1,3,6\n1,2,3,6\n1,1,2,7\n2,1,1,8\n'));
    expect(error).toMatchObject({ code: 'IMPORT_DUPLICATE_RATING', file: 'ratings.csv', line: 5 });
    expect(error.message).toContain('user 1 rates item 1 again (first on line 2)');
  });

  it('empty: a zero-byte file, a header without rows, an empty item file', async () => {
    expect(await importError(ml(''))).toMatchObject({ code: 'IMPORT_EMPTY', file: 'ratings.csv', line: 1 });
    expect(await importError(ml('userId,movieId,rating,timestamp\r\n'))).toMatchObject({ code: 'IMPORT_EMPTY', file: 'ratings.csv', line: 2 });
    expect(await importError(ml('userId,movieId,rating,timestamp\n1,1,4,5\n', ''))).toMatchObject({ code: 'IMPORT_EMPTY', file: 'movies.csv' });
    expect(await importError(sourceFromMemory({ 'plays.csv': '' }))).toMatchObject({ code: 'IMPORT_EMPTY', file: 'plays.csv' });
  });

  it('huge line: over 1 MiB without a line break', async () => {
    const huge = `userId,movieId,rating,timestamp\n1,1,4,5\n1,2,${'9'.repeat(1024 * 1024 + 10)}`;
    const error = await importError(ml(huge));
    expect(error).toMatchObject({ code: 'IMPORT_LINE_TOO_LONG', file: 'ratings.csv', line: 3 });
  });

  it('malformed JSON: the line of the syntax error', async () => {
    const error = await importError(sourceFromMemory({ 'log.json': '[\n{"user": 1, "item": 2},\n{"user": 1 "item": 3}\n]' }));
    expect(error).toMatchObject({ code: 'IMPORT_BAD_ROW', file: 'log.json' });
    // Node reports the position, which maps to line 3; detection reads the same text.
    expect(error.line).toBe(3);
  });

  it('an aborted import throws AbortedError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(parseDataset(ml('userId,movieId,rating,timestamp\n1,1,4,5\n'), { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
  });
});
