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
  const negative = c === 45; /* - */
  if (negative || c === 43 /* + */) i++;
  // The digits as one integer and the count after the point: "3.5" is 35 / 10. While that
  // integer stays below 2^53 both it and 10^k are exact, so one division gives the correctly
  // rounded value, the same as Number(text), without calling into the runtime.
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  while (i < end && isDigit((c = text.charCodeAt(i)))) {
    mantissa = mantissa * 10 + (c - 48);
    i++;
    digits++;
  }
  if (i < end && text.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < end && isDigit((c = text.charCodeAt(i)))) {
      mantissa = mantissa * 10 + (c - 48);
      i++;
      digits++;
      fractionDigits++;
    }
  }
  if (digits === 0) return Number.NaN;
  if (i === end) {
    if (digits <= 15) {
      const value = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
      return negative ? -value : value;
    }
    return Number(text);
  }
  if ((text.charCodeAt(i) | 32) !== 101 /* e or E */) return Number.NaN;
  i++;
  c = text.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  let exponentDigits = 0;
  while (i < end && isDigit(text.charCodeAt(i))) {
    i++;
    exponentDigits++;
  }
  return exponentDigits > 0 && i === end ? Number(text) : Number.NaN;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

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
