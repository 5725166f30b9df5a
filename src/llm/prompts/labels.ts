/**
 * Stable candidate labels: A, B, …, Z, then AA, AB, … (bijective base 26). Labels, not titles,
 * are what the model is asked to answer with: they are one token each for up to 26 candidates,
 * which is what logprob scoring reads, and they cannot be confused with a title's own words.
 */
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
