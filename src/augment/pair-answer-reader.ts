/**
 * The default reading of a pairwise answer: `pairPreference` (src/llm/scoring.ts) gives P(A)
 * from the logprobs of the answer token, or 1/0 from the parsed text when there are none. The
 * verdict is the likelier item; its confidence is that item's probability (0.5..1). An even
 * split (P(A) = 0.5) or no answer at all is no verdict: such a pair is not stored.
 */
import { pairPreference } from '../llm/scoring.ts';
import type { ReadPairAnswer } from './augment-pairs.ts';

/**
 * The prompt's own candidates (labels, titles, genres, ids) map a free-text answer back; for a
 * prompt built without them, `titleOf` gives the title shown for an item.
 */
export function pairAnswerReader(titleOf: (item: number) => string): ReadPairAnswer {
  return (prompt, response, pair) => {
    const [labelA = 'A', labelB = 'B'] = prompt.labels;
    const shown = prompt.candidates?.length === 2 ? prompt.candidates : undefined;
    const scored = pairPreference(
      response,
      shown ?? [
        { label: labelA, title: titleOf(pair[0]) },
        { label: labelB, title: titleOf(pair[1]) },
      ],
    );
    const pA = scored.value;
    if (pA === null || !Number.isFinite(pA) || pA === 0.5) return null;
    return pA > 0.5 ? { choice: 'A', confidence: pA } : { choice: 'B', confidence: 1 - pA };
  };
}
