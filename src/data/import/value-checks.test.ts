// What the value checks accept, and what they report: the refusals are in the bad-input corpus.
import { describe, expect, it } from 'vitest';
import { RecError } from '../../errors.ts';
import { parseDataset } from './parse.ts';
import { sourceFromMemory } from './source.ts';
import { summarizeDataset } from './summarize.ts';
import { FUTURE_MARGIN_SECONDS, latestPlausibleSeconds } from './timestamps.ts';

const plays = (content: string, options = {}) => parseDataset(sourceFromMemory({ 'plays.csv': content }), options);

describe('MovieLens scales and times', () => {
  it('accepts the ends of the scale (0.5, 5.0), whole stars written as "4", time 0 and the present', async () => {
    const now = Math.floor(Date.now() / 1000);
    const d = await parseDataset(
      sourceFromMemory({
        'ratings.csv': `userId,movieId,rating,timestamp\n1,1,0.5,0\n1,2,5.0,${now}\n2,1,4,964982703\n`,
        'movies.csv': 'movieId,title,genres\n1,A (2000),Drama\n2,B (2001),Drama\n',
      }),
    );
    expect([...d.interactions.rating]).toEqual([0.5, 5, 4]);
    expect([...d.interactions.timestamp]).toEqual([0, now, 964982703]);
    expect(d.ratingScale).toEqual({ min: 0.5, max: 5, step: 0.5, source: 'format' });
    expect(d.timestampUnit).toBe('seconds');
  });

  it('a declared scale replaces the format\'s (ratings 1–10 in a MovieLens file)', async () => {
    const d = await parseDataset(
      sourceFromMemory({ 'ratings.dat': '1::1::10::978300760\n', 'movies.dat': '1::A (2000)::Drama\n' }),
      { ratingScale: { min: 1, max: 10, step: 1 } },
    );
    expect(d.interactions.rating[0]).toBe(10);
    expect(d.ratingScale).toEqual({ min: 1, max: 10, step: 1, source: 'declared' });
  });
});

describe('generic files: the rating scale is inferred and reported, or declared', () => {
  it('infers whole-number, half-step and continuous scales, negative ones too', async () => {
    expect((await plays('user,item,rating\na,x,1\nb,x,10\n')).ratingScale).toEqual({ min: 1, max: 10, step: 1, source: 'inferred' });
    expect((await plays('user,item,rating\na,x,0.5\nb,x,4.5\n')).ratingScale).toEqual({ min: 0.5, max: 4.5, step: 0.5, source: 'inferred' });
    expect((await plays('user,item,rating\na,x,-9.75\nb,x,7.1\n')).ratingScale).toEqual({ min: -9.75, max: 7.1, source: 'inferred' });
    expect((await plays('user,item\na,x\n')).ratingScale).toBeUndefined();
  });

  it('reports the scale and the time unit in the import summary', async () => {
    const summary = summarizeDataset(await plays('user,item,rating,time\na,x,1,1700000000\nb,x,10,1700000001\n'));
    expect(summary.ratingScale).toEqual({ min: 1, max: 10, step: 1, source: 'inferred' });
    expect(summary.timestampUnit).toBe('seconds');
  });

  it('takes ratings up to 1e6 when inferring; a declared scale allows more', async () => {
    expect((await plays('user,item,score\na,x,1000000\n')).ratingScale!.max).toBe(1e6);
    const big = await plays('user,item,score\na,x,5000000\n', { ratingScale: { min: 0, max: 1e7 } });
    expect(big.ratingScale).toEqual({ min: 0, max: 1e7, source: 'declared' });
  });

  it('refuses a bad declared scale before reading any file (CONFIG_INVALID)', async () => {
    for (const ratingScale of [{ min: 5, max: 1 }, { min: 0, max: Number.POSITIVE_INFINITY }, { min: 1, max: 5, step: 0 }, { min: 1, max: 5, step: 3 }, { min: 0, max: 1e39 }]) {
      const error = await plays('user,item,rating\na,x,1\n', { ratingScale }).catch((e: unknown) => e);
      expect(error, JSON.stringify(ratingScale)).toBeInstanceOf(RecError);
      expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });
});

describe('generic files: one time unit per file, normalised to seconds', () => {
  it('seconds stay, milliseconds are divided by 1000, ISO dates are converted', async () => {
    const s = await plays('user,item,time\na,x,1700000000\nb,x,0\n');
    expect([[...s.interactions.timestamp], s.timestampUnit]).toEqual([[1700000000, 0], 'seconds']);
    const ms = await plays('user,item,time\na,x,1700000000123\nb,x,1700000001000\n');
    expect([[...ms.interactions.timestamp], ms.timestampUnit]).toEqual([[1700000000.123, 1700000001], 'milliseconds']);
    const iso = await plays('user,item,date\na,x,2024-01-02\nb,x,2024-01-02T01:00:00+01:00\n');
    expect([[...iso.interactions.timestamp], iso.timestampUnit]).toEqual([[19724 * 86400, 19724 * 86400], 'iso-8601']);
    const none = await plays('user,item\na,x\nb,x\n');
    expect([[...none.interactions.timestamp], none.timestampUnit]).toEqual([[0, 1], 'row-order']);
  });

  it('accepts a time up to the margin past the present, refuses one beyond', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect(plays(`user,item,time\na,x,${now + FUTURE_MARGIN_SECONDS - 60}\n`)).resolves.toBeDefined();
    await expect(plays(`user,item,time\na,x,${now + FUTURE_MARGIN_SECONDS + 60}\n`)).rejects.toMatchObject({ code: 'IMPORT_OUT_OF_RANGE', line: 2, field: 'timestamp' });
  });
});

describe('generic JSON: the schema from all objects', () => {
  it('matches keys object by object, so two spellings of one column both work', async () => {
    const d = await parseDataset(sourceFromMemory({ 'log.jsonl': '{"userId": "a", "item": "x", "rating": 4}\n{"user": "b", "itemId": "x", "score": 2}\n' }));
    expect(d.users.map((u) => u.id)).toEqual(['a', 'b']);
    expect([...d.interactions.rating]).toEqual([4, 2]);
  });

  it('keeps whole-number ids below 2^53 exactly, and string ids as written', async () => {
    const d = await parseDataset(sourceFromMemory({ 'log.json': '[{"user": 9007199254740991, "item": "x"}, {"user": "9007199254740993", "item": "x"}, {"user": "9007199254740992", "item": "x"}]' }));
    expect(d.users.map((u) => u.id)).toEqual(['9007199254740991', '9007199254740993', '9007199254740992']);
  });

  it('lets an item file give genres and year for some items only, like empty CSV cells', async () => {
    const d = await parseDataset(
      sourceFromMemory({
        'log.jsonl': '{"user": "a", "item": "x"}\n{"user": "a", "item": "y"}\n',
        'catalog.json': '[{"item": "x", "title": "X (1999)", "genres": ["A"]}, {"item": "y", "title": "Y", "year": 2001}]',
      }),
    );
    expect(d.items).toEqual([
      { index: 0, id: 'x', title: 'X (1999)', genres: ['A'], year: 1999 },
      { index: 1, id: 'y', title: 'Y', genres: [], year: 2001 },
    ]);
  });
});

describe('CSV quoting', () => {
  it('allows spaces around a quoted field, keeps quotes inside unquoted text', async () => {
    const d = await parseDataset(
      sourceFromMemory({
        'plays.csv': 'user,item\na,x\na,y\n',
        'books.csv': 'item, title, genres\nx, "Heat, The (1995)" , Action\ny,Bob "Bobby" Smith,\n',
      }),
    );
    expect(d.items.map((i) => [i.title, i.genres])).toEqual([
      ['Heat, The (1995)', ['Action']],
      ['Bob "Bobby" Smith', []],
    ]);
  });
});

describe('latestPlausibleSeconds', () => {
  it('is the present plus the margin, and never before 2026 (a device clock that is years behind)', () => {
    expect(latestPlausibleSeconds(Date.UTC(2030, 0, 1))).toBe(Date.UTC(2030, 0, 1) / 1000 + FUTURE_MARGIN_SECONDS);
    expect(latestPlausibleSeconds(Date.UTC(2000, 0, 1))).toBe(Date.UTC(2026, 0, 1) / 1000 + FUTURE_MARGIN_SECONDS);
  });
});
