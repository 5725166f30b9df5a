/**
 * Rating answers → a number in [1, 5], or null. Prefers an explicit "4/5", "rating: 4" or
 * "4 stars"; otherwise the first number in range. Years and numbers inside quoted titles are
 * skipped; numbers out of range ("7", "10/10") are ignored and counted, never clamped.
 */
import type { ParseResult } from './parse-result.ts';

const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
const NUMBER = String.raw`(\d+(?:\.\d+)?|one|two|three|four|five)`;
const EXPLICIT = [
  new RegExp(String.raw`${NUMBER}\s*(?:/|out of)\s*5\b`, 'i'),
  new RegExp(String.raw`\brat(?:ing|e|ed)?\s*(?:is|would be|of|:|=)?\s*(?:about|around|a)?\s*${NUMBER}`, 'i'),
  new RegExp(String.raw`${NUMBER}\s*stars?\b`, 'i'),
];

function valueOf(token: string): number {
  return WORDS[token.toLowerCase()] ?? Number(token);
}

export function parseRating(text: string): ParseResult<number | null> {
  const notes: string[] = [];
  // Titles and years are data, not answers.
  const cleaned = text.replace(/"[^"\n]*"?/g, ' ').replace(/\(\s*\d{4}\s*\)/g, ' ').replace(/\b(?:19|20)\d{2}\b/g, ' ');
  let ignored = 0;
  for (const pattern of EXPLICIT) {
    const match = pattern.exec(cleaned);
    if (!match) continue;
    const value = valueOf(match[1] as string);
    if (value >= 1 && value <= 5) return { result: value, ignored, notes };
    ignored += 1;
    notes.push(`ignored out-of-range rating ${match[1]}`);
  }
  for (const match of cleaned.matchAll(new RegExp(String.raw`(?<![\w.])${NUMBER}(?![\w])`, 'gi'))) {
    const value = valueOf(match[1] as string);
    if (value >= 1 && value <= 5) return { result: value, ignored, notes };
    ignored += 1;
    notes.push(`ignored out-of-range number ${match[1]}`);
  }
  notes.push('no rating from 1 to 5 found');
  return { result: null, ignored, notes };
}
