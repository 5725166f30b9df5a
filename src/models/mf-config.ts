/** Hyper-parameters shared by both matrix-factorization models, with validation that names the bad field. */
import { RecError } from '../errors.ts';
import { DEFAULT_ADAM, type AdamConfig } from './adam-config.ts';

export interface MfConfig extends AdamConfig {
  /** Latent dimension. */
  dim: number;
  /** L2 weight on every embedding row a sample uses (per occurrence, averaged over the batch). */
  l2: number;
  batchSize: number;
  /** Std of the normal initialisation. */
  initStd: number;
  seed: number;
}

export const DEFAULT_MF_CONFIG: MfConfig = {
  ...DEFAULT_ADAM,
  dim: 64,
  // Chosen on ml-latest-small's validation split (l4r eval): lr 0.01 / l2 1e-3 beat 0.005 / 1e-4 and 0.01 / 1e-2.
  lr: 0.01,
  l2: 1e-3,
  batchSize: 4096,
  initStd: 0.1,
  seed: 42,
};

/**
 * Per-model defaults: rating regression overfits within a few epochs at BPR's L2. Chosen on the
 * validation RMSE of l4r eval on ml-latest-small: l2 = 1e-3 → 0.9464, 0.05 → 0.9285, 0.1 → 0.9125,
 * 0.2 → 0.8865, 0.5 → 0.8940, 1 → 0.9055.
 */
export const MODEL_DEFAULTS: Record<'mf-bpr' | 'mf-rating', Partial<MfConfig>> = {
  'mf-bpr': {},
  'mf-rating': { l2: 0.2 },
};

export function mfConfig(overrides: Partial<MfConfig> = {}, base: Partial<MfConfig> = {}): MfConfig {
  const config = { ...DEFAULT_MF_CONFIG, ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (config as Record<string, number>)[key] = value as number;
  }
  const positiveInt = (name: keyof MfConfig) => {
    if (!Number.isInteger(config[name]) || config[name] < 1) bad(name, config[name], 'a positive integer');
  };
  const positive = (name: keyof MfConfig) => {
    if (!(config[name] > 0) || !Number.isFinite(config[name])) bad(name, config[name], 'a positive number');
  };
  positiveInt('dim');
  positiveInt('batchSize');
  positive('lr');
  positive('initStd');
  positive('epsilon');
  if (!(config.l2 >= 0) || !Number.isFinite(config.l2)) bad('l2', config.l2, 'a number ≥ 0');
  for (const beta of ['beta1', 'beta2'] as const) {
    if (!(config[beta] >= 0 && config[beta] < 1)) bad(beta, config[beta], 'in [0, 1)');
  }
  if (!Number.isInteger(config.seed)) bad('seed', config.seed, 'an integer');
  return config;
}

function bad(field: string, value: unknown, expected: string): never {
  throw new RecError('CONFIG_INVALID', `Model option "${field}" must be ${expected}, got ${String(value)}.`);
}
