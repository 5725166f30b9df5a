/**
 * Field splitting. Unquoted rows (nearly all rating rows) take the fast native `split`;
 * rows with quotes go through an RFC 4180 scanner ("a, b" stays one field, "" is a quote).
 */

/** Why a line could not be split: a quote still open at its end, or text right after a closing quote. */
export interface QuoteProblem {
  kind: 'open' | 'stray';
  /** 0-based index of the field the quote belongs to. */
  field: number;
  /** Offset of the opening quote in the line. */
  openAt: number;
  /** Offset of the closing quote ('stray' only). */
  closeAt: number;
}

/**
 * Splits one CSV line into fields. A `QuoteProblem` of kind 'open' means a quoted field is
 * still open at the end of the line: the record continues on the next line. Kind 'stray' means
 * a closing quote is followed by text instead of a separator (`"abc"def`): either the file is
 * malformed there, or an earlier quote was never closed and this quote, meant to open a later
 * field, closed it (a multi-line field would otherwise swallow the rows between).
 *
 * Spaces around a quoted field are allowed (`1, "A, B", x`); a quote inside an unquoted field
 * (`Bob "Bobby" Smith`) is kept as text.
 */
export function splitCsvLine(line: string, delimiter: string): string[] | QuoteProblem {
  if (line.indexOf('"') === -1) return line.split(delimiter);
  const out: string[] = [];
  const n = line.length;
  // Padding around a quoted field: spaces, and tabs unless they separate the fields.
  const tabIsPadding = delimiter !== '\t';
  const isPadding = (c: number) => c === 32 || (c === 9 && tabIsPadding);
  let i = 0;
  for (;;) {
    // At the start of a field.
    let start = i;
    while (start < n && isPadding(line.charCodeAt(start))) start++;
    if (start < n && line.charCodeAt(start) === 34 /* " */) {
      const openAt = start;
      let field = '';
      i = start + 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return { kind: 'open', field: out.length, openAt, closeAt: -1 };
        field += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        while (i < n && isPadding(line.charCodeAt(i))) i++;
        if (i < n && !line.startsWith(delimiter, i)) return { kind: 'stray', field: out.length, openAt, closeAt: q };
        break;
      }
      out.push(field);
    } else {
      // Unquoted text runs to the next delimiter, a stray quote mid-field kept as text.
      let end = line.indexOf(delimiter, i);
      if (end === -1) end = n;
      out.push(line.slice(i, end));
      i = end;
    }
    if (i >= n) return out;
    i += delimiter.length;
    if (i === n) {
      out.push('');
      return out;
    }
  }
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
