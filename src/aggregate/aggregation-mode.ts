/**
 * The aggregation switch for ablations (issue 5 §6, `--aggregation`): which weight the LLM gets.
 * - adaptive: α_u from the long-tail coefficient (the method);
 * - uniform: one α for every user (the paper's "uniform weights" ablation; the paper gives no
 *   value, so it is a parameter, DEFAULT_CONFIG.loop.uniformAlpha by default);
 * - mf-only: α = 0 (the skip rule then spares every LLM call);
 * - llm-only: α = 1 (the LLM's order, MF order among items it did not place).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { validateAlpha } from './blend.ts';

export type AggregationMode = 'adaptive' | 'uniform' | 'mf-only' | 'llm-only';

export const AGGREGATION_MODES: readonly AggregationMode[] = ['adaptive', 'uniform', 'mf-only', 'llm-only'];

export function alphaForMode(mode: AggregationMode, adaptiveAlpha: number, uniformAlpha: number = DEFAULT_CONFIG.loop.uniformAlpha): number {
  switch (mode) {
    case 'adaptive':
      return adaptiveAlpha;
    case 'uniform':
      validateAlpha(uniformAlpha, 'uniformAlpha');
      return uniformAlpha;
    case 'mf-only':
      return 0;
    case 'llm-only':
      return 1;
  }
}
