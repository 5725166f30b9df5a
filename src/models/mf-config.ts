/** Hyper-parameters shared by both matrix-factorization models, with validation that names the bad field. */
import { DEFAULT_CONFIG } from '../config.ts';
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

const { dim, l2, batchSize, initStd, seed, ratingL2 } = DEFAULT_CONFIG.mf;

/** The defaults of src/config.ts, where each value's reason is. */
export const DEFAULT_MF_CONFIG: MfConfig = { ...DEFAULT_ADAM, dim, l2, batchSize, initStd, seed };

/** Per-model defaults: the rating model's own L2 (src/config.ts says why). */
export const MODEL_DEFAULTS: Record<'mf-bpr' | 'mf-rating', Partial<MfConfig>> = {
  'mf-bpr': {},
  'mf-rating': { l2: ratingL2 },
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
