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

/**
 * A candidate as the parser sees it: the label shown in the prompt, the item's title and the
 * other fields the prompt showed for it (BuiltPrompt.candidates gives exactly these). Genres and
 * id tell apart candidates that share a title when an answer repeats them; an answer that
 * echoes them is not naming another item.
 */
export interface CandidateRef {
  label: string;
  title: string;
  /** The genres as shown in the prompt. */
  genres?: readonly string[];
  /** The item id as shown in the prompt (only for candidates that share a title). */
  id?: string;
}
