/** Pointwise answers → true (yes), false (no) or null; the first yes/no word decides. */
import type { ParseResult } from './parse-result.ts';

const ANSWER = /\b(yes|no|yeah|yep|nope)\b/i;

export function parseYesNo(text: string): ParseResult<boolean | null> {
  const match = ANSWER.exec(text);
  if (!match) return { result: null, ignored: text.trim() === '' ? 0 : 1, notes: ['no yes/no answer found'] };
  const word = (match[1] as string).toLowerCase();
  return { result: word === 'yes' || word === 'yeah' || word === 'yep', ignored: 0, notes: [] };
}
