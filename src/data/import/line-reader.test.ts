import { describe, expect, it } from 'vitest';
import { splitCsvLine, sniffDelimiter } from './csv.ts';
import { forEachLine, type LineReaderOptions } from './line-reader.ts';
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

  it('sniffs tab, semicolon or comma from a header', () => {
    expect(sniffDelimiter('user\titem')).toBe('\t');
    expect(sniffDelimiter('user;item')).toBe(';');
    expect(sniffDelimiter('user,item;x')).toBe(',');
  });
});
