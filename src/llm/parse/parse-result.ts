/**
 * What every parser returns: the result mapped onto the given candidates, how many things the
 * answer named that are not among them (hallucinated titles, unknown labels, out-of-range
 * numbers: ignored, never guessed into a candidate), and notes a person can read.
 */
export interface ParseResult<T> {
  result: T;
  ignored: number;
  notes: string[];
}

/** A candidate as the parser sees it: the label shown in the prompt and the item's title. */
export interface CandidateRef {
  label: string;
  title: string;
}
