/** LightGCN's hyper-parameters, with validation that names the bad field. */
import { RecError } from '../../errors.ts';
import { DEFAULT_ADAM, type AdamConfig } from '../adam-config.ts';

export interface LightGcnConfig extends AdamConfig {
  /** Embedding dimension. */
  dim: number;
  /** Propagation layers K (0 is plain BPR-MF on the same trainer). */
  layers: number;
  /** L2 weight on the ego (layer-0) rows each sample uses (per occurrence, averaged over the batch). */
  l2: number;
  batchSize: number;
  /** Std of the normal initialisation. */
  initStd: number;
  seed: number;
}

/**
 * Chosen on ml-latest-small's validation NDCG@10 (notes/wip-15.md has every run): lr 0.02 beat 0.005
 * and 0.01 (which need 80+ epochs), l2 1e-4 matched 1e-3 and beat 1e-2, 3 layers beat 1, 2 and 4,
 * dim 128 matched 64 at twice the cost, and batch 8192 matched 4096 over three seeds
 * (0.0371 vs 0.0365) at half the steps per epoch.
 */
export const DEFAULT_LIGHTGCN_CONFIG: LightGcnConfig = {
  ...DEFAULT_ADAM,
  dim: 64,
  layers: 3,
  lr: 0.02,
  l2: 1e-4,
  batchSize: 8192,
  initStd: 0.1,
  seed: 42,
};

export function lightGcnConfig(overrides: Partial<LightGcnConfig> = {}): LightGcnConfig {
  const config = { ...DEFAULT_LIGHTGCN_CONFIG };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (config as Record<string, number>)[key] = value as number;
  }
  for (const name of ['dim', 'batchSize'] as const) {
    if (!Number.isInteger(config[name]) || config[name] < 1) bad(name, config[name], 'a positive integer');
  }
  if (!Number.isInteger(config.layers) || config.layers < 0 || config.layers > 8) bad('layers', config.layers, 'a whole number from 0 to 8');
  for (const name of ['lr', 'initStd', 'epsilon'] as const) {
    if (!(config[name] > 0) || !Number.isFinite(config[name])) bad(name, config[name], 'a positive number');
  }
  if (!(config.l2 >= 0) || !Number.isFinite(config.l2)) bad('l2', config.l2, 'a number ≥ 0');
  for (const beta of ['beta1', 'beta2'] as const) {
    if (!(config[beta] >= 0 && config[beta] < 1)) bad(beta, config[beta], 'in [0, 1)');
  }
  if (!Number.isInteger(config.seed)) bad('seed', config.seed, 'an integer');
  return config;
}

function bad(field: string, value: unknown, expected: string): never {
  throw new RecError('CONFIG_INVALID', `LightGCN option "${field}" must be ${expected}, got ${String(value)}.`);
}
