import { describe, expect, it } from 'vitest';
import { splitCsvLine, sniffDelimiter } from './csv.ts';
import { forEachLine, type LineReaderOptions } from './line-reader.ts';
import { forEachRecord } from './record-reader.ts';
import { sourceFromMemory } from './source.ts';

async function lines(content: string | Uint8Array, options: Partial<LineReaderOptions> = {}, chunkSize = 4) {
  const file = sourceFromMemory({ 'f.txt': content }, { chunkSize }).files[0]!;
  const out: [number, string][] = [];
  await forEachLine(file, { encoding: 'utf-8', ...options }, (line, n) => {
    out.push([n, line]);
  });
  return out;
}

describe('forEachLine', () => {
  it('splits LF and CRLF alike, keeps empty lines, reads a last line without a break', async () => {
    expect(await lines('a\r\nbb\n\nccc')).toEqual([
      [1, 'a'],
      [2, 'bb'],
      [3, ''],
      [4, 'ccc'],
    ]);
  });

  it('joins a CRLF and a UTF-8 character split across 1-byte chunks', async () => {
    expect(await lines('é\r\nü€\r\n', {}, 1)).toEqual([
      [1, 'é'],
      [2, 'ü€'],
    ]);
  });

  it('drops a UTF-8 byte-order mark, so the first header name still matches', async () => {
    expect(await lines('\uFEFFuserId,movieId\n')).toEqual([[1, 'userId,movieId']]);
  });

  it('decodes latin-1 bytes', async () => {
    expect(await lines(Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x0a]), { encoding: 'latin1' })).toEqual([[1, 'Café']]);
  });

  it('rejects invalid UTF-8 and over-long lines with the line number', async () => {
    await expect(lines(Uint8Array.from([0x61, 0x0a, 0x43, 0xe9, 0x0a]))).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE', line: 2 });
    await expect(lines('ok\n123456789\n', { maxLineLength: 5 })).rejects.toMatchObject({ code: 'IMPORT_LINE_TOO_LONG', line: 2 });
    // A long line still waiting for its break is caught before the file ends.
    await expect(lines('ok\n123456789', { maxLineLength: 5 })).rejects.toMatchObject({ code: 'IMPORT_LINE_TOO_LONG', line: 2 });
  });

  it('reads CR-only line ends (old Mac files), also when a chunk ends on the CR', async () => {
    for (const chunk of [1, 2, 4, 64]) {
      expect(await lines('a\rbb\r\rccc\r', {}, chunk)).toEqual([
        [1, 'a'],
        [2, 'bb'],
        [3, ''],
        [4, 'ccc'],
      ]);
    }
  });

  it('reports invalid UTF-8 at the line holding the bad byte, whatever the chunk size', async () => {
    const good = 'ok line\n'.repeat(40);
    const bytes = Uint8Array.from([...new TextEncoder().encode(`${good}é `), 0xe9, 0x0a, 0x61, 0x0a]);
    for (const chunk of [1, 3, 7, 64, 1 << 16]) {
      await expect(lines(bytes, {}, chunk), `chunk ${chunk}`).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE', line: 41 });
    }
    // A lead byte at the end of one chunk whose continuation is missing in the next.
    const cut = Uint8Array.from([0x61, 0x0a, 0xe2, 0x82, 0x61, 0x0a, 0x62, 0x0a]);
    await expect(lines(cut, {}, 4)).rejects.toMatchObject({ line: 2 });
    // A file that ends inside a character: the last line.
    await expect(lines(Uint8Array.from([0x61, 0x0a, 0x62, 0xe2, 0x82]), {}, 2)).rejects.toMatchObject({ line: 2 });
    // CR-only line ends count too.
    await expect(lines(Uint8Array.from([0x61, 0x0d, 0x62, 0x0d, 0xe9, 0x0d]), {}, 64)).rejects.toMatchObject({ line: 3 });
  });

  it('stops early when the handler returns false', async () => {
    const seen: string[] = [];
    const file = sourceFromMemory({ 'f.txt': 'h\nx\ny\n' }).files[0]!;
    expect(await forEachLine(file, { encoding: 'utf-8' }, (line) => (seen.push(line), false))).toBe(1);
    expect(seen).toEqual(['h']);
  });
});

describe('splitCsvLine', () => {
  it('handles quotes, doubled quotes, empty fields and delimiters inside quotes', () => {
    expect(splitCsvLine('1,"A, B (1995)",x|y', ',')).toEqual(['1', 'A, B (1995)', 'x|y']);
    expect(splitCsvLine('30,"""Great"" Cats",', ',')).toEqual(['30', '"Great" Cats', '']);
    expect(splitCsvLine('a;"b;c";d', ';')).toEqual(['a', 'b;c', 'd']);
    expect(splitCsvLine('1,"open', ',')).toEqual({ kind: 'open', field: 1, openAt: 2, closeAt: -1 });
  });

  it('reports text after a closing quote, and spaces around quoted fields are padding', () => {
    expect(splitCsvLine('1,"Heat" (1995),x', ',')).toEqual({ kind: 'stray', field: 1, openAt: 2, closeAt: 7 });
    expect(splitCsvLine('1, "A, B" ,x', ',')).toEqual(['1', 'A, B', 'x']);
    expect(splitCsvLine('1\t "A"\tx', '\t')).toEqual(['1', 'A', 'x']);
    expect(splitCsvLine('1,"A",', ',')).toEqual(['1', 'A', '']);
  });

  it('sniffs tab, semicolon or comma from a header', () => {
    expect(sniffDelimiter('user\titem')).toBe('\t');
    expect(sniffDelimiter('user;item')).toBe(';');
    expect(sniffDelimiter('user,item;x')).toBe(',');
  });
});

describe('forEachRecord: quote errors at the line where the quote opened', () => {
  const records = async (content: string) => {
    const file = sourceFromMemory({ 'f.csv': content }, { chunkSize: 5 }).files[0]!;
    const out: [number, string[]][] = [];
    await forEachRecord(file, { encoding: 'utf-8', delimiter: ',', quoted: true, header: true }, (fields, line) => {
      out.push([line, fields]);
    });
    return out;
  };

  it('reads a field over two lines at the line it starts on', async () => {
    expect(await records('id,title\n1,"a\nb"\n2,c\n')).toEqual([
      [1, ['id', 'title']],
      [2, ['1', 'a\nb']],
      [4, ['2', 'c']],
    ]);
  });

  it('names the line and column of a quote opened in a record that already spans lines', async () => {
    await expect(records('id,title,note\n1,"a\nb","open\n2,c,d\n')).rejects.toMatchObject({ code: 'IMPORT_BAD_ROW', line: 3, field: 'note' });
  });

  it('reports an open field running over 50,000 quote-free lines at the line where it opened', async () => {
    const body = 'x\n'.repeat(50_000);
    await expect(records(`id,title\n1,"${body}`)).rejects.toMatchObject({ code: 'IMPORT_BAD_ROW', line: 2, field: 'title' });
  });
});
