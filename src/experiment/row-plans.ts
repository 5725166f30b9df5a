/**
 * What each of the paper's rows (PAPER_ROWS) runs: whether the LLM is asked, which data the
 * backbone trains on, the prompt and the aggregation, and how α is chosen. One table, so the
 * rows differ only where the paper's ablation says they do.
 *   backbone       the conventional model alone on D (no LLM);
 *   llm-only       the LLM alone re-ranking the backbone's (D) list, no prompt augmentation, α = 1;
 *   full           Llama4Rec: D ∪ D_aug, prompt augmentation, adaptive α_u;
 *   no-data-aug    as full, the backbone on D (and no LLM-filled attributes for ratings);
 *   no-prompt-aug  as full, prompts without the similar user and the conventional model's view;
 *   uniform-alpha  as full, one α for every user instead of α_u.
 */
import type { AggregationMode } from '../aggregate/aggregation-mode.ts';
import { RecError } from '../errors.ts';
import { PAPER_ROWS } from './experiment-types.ts';

export type PaperRowId = (typeof PAPER_ROWS)[number]['id'];

export interface RowPlan {
  /** The LLM re-ranks (or rates); false: the backbone alone. */
  llm: boolean;
  dataAugmentation: boolean;
  promptAugmentation: boolean;
  aggregation: AggregationMode;
  /** How α is chosen on validation: the grid for α1, α2 ('adaptive'), α1 for all users ('uniform'), none ('fixed': the aggregation sets it). */
  alpha: 'adaptive' | 'uniform' | 'fixed';
}

export const ROW_PLANS: Record<PaperRowId, RowPlan> = {
  backbone: { llm: false, dataAugmentation: false, promptAugmentation: false, aggregation: 'mf-only', alpha: 'fixed' },
  'llm-only': { llm: true, dataAugmentation: false, promptAugmentation: false, aggregation: 'llm-only', alpha: 'fixed' },
  full: { llm: true, dataAugmentation: true, promptAugmentation: true, aggregation: 'adaptive', alpha: 'adaptive' },
  'no-data-aug': { llm: true, dataAugmentation: false, promptAugmentation: true, aggregation: 'adaptive', alpha: 'adaptive' },
  'no-prompt-aug': { llm: true, dataAugmentation: true, promptAugmentation: false, aggregation: 'adaptive', alpha: 'adaptive' },
  'uniform-alpha': { llm: true, dataAugmentation: true, promptAugmentation: true, aggregation: 'uniform', alpha: 'uniform' },
};

export function rowPlan(row: string): RowPlan {
  const plan = (ROW_PLANS as Record<string, RowPlan>)[row];
  if (!plan) throw new RecError('CONFIG_INVALID', `"${row}" is not one of the paper's rows; use ${PAPER_ROWS.map((r) => r.id).join(', ')}.`);
  return plan;
}
