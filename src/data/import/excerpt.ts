/**
 * Bounded quotes of file content for error messages. A message quotes at most a few dozen
 * characters of what it found: a whole header or cell can be megabytes long (a CR-only file is
 * one "line"), and control characters (CR, NUL) would garble a terminal or a toast.
 */

/** Characters of a value quoted in a message. */
export const EXCERPT_LENGTH = 40;

/** `text` cut to `max` characters ("…" when cut), control characters written as escapes. */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f]/g, escapeControl);
}

/** Names joined with ", ", at most `max` of them and `maxChars` characters in all ("… and 12 more"). */
export function excerptList(names: readonly string[], max = 12, maxChars = 160): string {
  const shown: string[] = [];
  let chars = 0;
  for (const name of names) {
    const quoted = excerpt(name.trim(), 30);
    if (shown.length === max || chars + quoted.length > maxChars) break;
    shown.push(quoted);
    chars += quoted.length + 2;
  }
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} … and ${rest} more` : shown.join(', ');
}

function escapeControl(c: string): string {
  if (c === '\r') return '\\r';
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}
