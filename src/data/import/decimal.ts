/**
 * Strict number syntax for dataset cells. `Number()` alone takes "0x10" (16), "0b1", "Infinity"
 * and "" (0), none of which a rating or timestamp cell means; these checks run first, as plain
 * character loops because they sit on the import's hot path (two or three cells per row).
 */

/**
 * The value of a decimal number ("4", "3.5", "-1", ".5", "1e3", "4.0e+0", surrounding spaces
 * allowed), or NaN for anything else.
 */
export function parseDecimal(text: string): number {
  let i = 0;
  let end = text.length;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  if (i === end) return Number.NaN;
  let c = text.charCodeAt(i);
  if (c === 43 /* + */ || c === 45 /* - */) i++;
  let digits = 0;
  while (i < end && isDigit(text.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < end && text.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return Number.NaN;
  if (i < end && (text.charCodeAt(i) | 32) === 101 /* e or E */) {
    i++;
    c = text.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    let exponentDigits = 0;
    while (i < end && isDigit(text.charCodeAt(i))) {
      i++;
      exponentDigits++;
    }
    if (exponentDigits === 0) return Number.NaN;
  }
  return i === end ? Number(text) : Number.NaN;
}

/** True for a non-empty run of ASCII digits and nothing else ("0", "964982703"). */
export function isDigits(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    if (!isDigit(text.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * True for a whole number written the one canonical way: digits without a leading zero ("0",
 * "42", not "042", "+42" or "4.0"). Integer ids must be canonical, or "1" and "01" would name two
 * different users of one file.
 */
export function isCanonicalInteger(text: string): boolean {
  return isDigits(text) && (text.length === 1 || text.charCodeAt(0) !== 48 /* 0 */);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}
