/**
 * ISO 8601 dates and date-times, the only date text the generic importers take: "2024-01-31",
 * "2024-01-31T12:00", "2024-01-31 12:00:05.250Z", "2024-01-31T12:00:05+05:30". Written by hand
 * because `Date.parse` also takes "01/02/2024" (month or day first? it guesses the US order)
 * and rolls "2024-02-30" over to March 1 instead of refusing it.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Seconds since 1970-01-01T00:00:00Z, or undefined when `text` is not a valid ISO 8601 date.
 * A date or date-time without a zone is read as UTC (not the local zone, which would make the
 * same file import differently on two machines).
 */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // 24:00 is not accepted: it is the next day's 00:00, and nobody's log writes it.
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + (fraction === '' ? 0 : Number(`0.${fraction}`));
  return utc - zoneOffsetSeconds(zone);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "Z" → 0, "+05:30" / "+0530" / "+05" → 19800, "-08:00" → -28800. */
function zoneOffsetSeconds(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 3600 + minutes * 60);
}
