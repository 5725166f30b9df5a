/**
 * Adam's hyper-parameters and bias correction as plain numbers, apart from the TF.js code that
 * applies them (lazy-adam.ts), so option validation (mf-config.ts, the recommender's options) does
 * not pull TF.js into a page before anything trains.
 */
import { DEFAULT_CONFIG } from '../config.ts';

export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

const { lr, beta1, beta2, epsilon } = DEFAULT_CONFIG.mf;

/** The MF defaults (src/config.ts). */
export const DEFAULT_ADAM: AdamConfig = { lr, beta1, beta2, epsilon };

/**
 * Bias-corrected Adam at step t (1-based), folded into two scalars:
 * w − lr·m̂/(√v̂ + ε) = w − stepSize·m/(√v + epsilonHat), with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ).
 */
export function adamScalars(config: AdamConfig, t: number): { stepSize: number; epsilonHat: number } {
  const c2 = Math.sqrt(1 - config.beta2 ** t);
  return { stepSize: (config.lr * c2) / (1 - config.beta1 ** t), epsilonHat: config.epsilon * c2 };
}
