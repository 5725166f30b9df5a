/**
 * Field splitting. Unquoted rows (nearly all rating rows) take the fast native `split`;
 * rows with quotes go through an RFC 4180 scanner ("a, b" stays one field, "" is a quote).
 */

/**
 * Splits one CSV line into fields. Returns undefined when a quoted field is still open at
 * the end of the line: the record continues on the next line.
 */
export function splitCsvLine(line: string, delimiter: string): string[] | undefined {
  if (line.indexOf('"') === -1) return line.split(delimiter);
  const out: string[] = [];
  let field = '';
  let i = 0;
  const n = line.length;
  const delim = delimiter.charCodeAt(0);
  let atFieldStart = true;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (atFieldStart && c === 34 /* " */) {
      // Quoted field: read to the closing quote, "" is a literal quote.
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return undefined;
        field += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      atFieldStart = false;
    } else if (c === delim) {
      out.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else {
      // Unquoted text runs to the next delimiter (or a stray quote mid-field, kept as text).
      let end = line.indexOf(delimiter, i);
      if (end === -1) end = n;
      field += line.slice(i, end);
      atFieldStart = false;
      i = end;
    }
  }
  out.push(field);
  return out;
}

/** Lower-cases a header name and drops everything but letters and digits ("User_ID" → "userid"). */
export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Picks the delimiter a generic header line uses: tab, semicolon or comma. */
export function sniffDelimiter(header: string): string {
  if (header.includes('\t')) return '\t';
  if (!header.includes(',') && header.includes(';')) return ';';
  return ',';
}
