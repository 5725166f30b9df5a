/**
 * Stable candidate labels: A, B, …, Z, then AA, AB, … (bijective base 26). Labels, not titles,
 * are what the model is asked to answer with: they are one token each for up to 26 candidates,
 * which is what logprob scoring reads. A label that a candidate's title could be read as is
 * skipped (with "M (1931)" among the candidates there is no label M), so an answer "M" always
 * means one thing.
 */
import { normalizeTitle, shortTitle } from '../parse/title-match.ts';

export function candidateLabel(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`candidate index must be a non-negative integer, got ${index}`);
  let label = '';
  let n = index + 1;
  while (n > 0) {
    const digit = (n - 1) % 26;
    label = String.fromCharCode(65 + digit) + label;
    n = Math.floor((n - 1) / 26);
  }
  return label;
}

export function candidateLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => candidateLabel(i));
}

/**
 * One label per title, in order: A, B, C, … leaving out every label equal to a title's normal
 * form or short title ("M (1931)" → m, "W. (2008)" → w, "CQ (2001)" → cq), case aside.
 */
export function labelsAvoidingTitles(titles: readonly string[]): string[] {
  const readAs = new Set(titles.flatMap((title) => [normalizeTitle(title), shortTitle(title)]));
  const labels: string[] = [];
  for (let index = 0; labels.length < titles.length; index++) {
    const label = candidateLabel(index);
    if (!readAs.has(label.toLowerCase())) labels.push(label);
  }
  return labels;
}
