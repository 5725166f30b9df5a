/**
 * SASRec's hyper-parameters (Kang & McAuley 2018), with validation that names the bad field. Plain numbers only: no TF.js here, so
 * option checking does not pull TF.js into a page.
 */
import { DEFAULT_CONFIG } from '../../config.ts';
import { RecError } from '../../errors.ts';
import type { AdamConfig } from '../adam-config.ts';

/**
 * Which windows of a user's training sequence an epoch trains on:
 * - 'last': the last `maxLen` transitions of every user, one window per user (the original SASRec);
 * - 'all': the whole sequence cut into windows of `maxLen` from its end, so every training
 *   interaction is a target once per epoch (as an MF epoch visits every interaction once).
 */
export type SasRecWindows = 'last' | 'all';

export interface SasRecConfig extends AdamConfig {
  /** Hidden size: item and position embeddings, attention and feed-forward width. */
  dim: number;
  /** Longest sequence the model reads (older items are cut off); positions are learned up to it. */
  maxLen: number;
  /** Self-attention blocks. */
  blocks: number;
  /** Attention heads per block; must divide `dim`. */
  heads: number;
  /** Dropout rate on embeddings, attention weights and the feed-forward layers (0 ≤ rate < 1). */
  dropout: number;
  /** Sequences (windows) per training step. */
  batchSize: number;
  /**
   * Sampled negatives per position (the original: 1). Their BCE terms are averaged, so the
   * positive and the negatives keep the original's balance whatever their number.
   */
  negatives: number;
  windows: SasRecWindows;
  seed: number;
}

const { epochs: _epochs, validateEvery: _validateEvery, patience: _patience, ...defaults } = DEFAULT_CONFIG.sasrec;

/** The defaults of src/config.ts, where each value's reason is. */
export const DEFAULT_SASREC_CONFIG: SasRecConfig = { ...defaults };

export const SASREC_WINDOWS: readonly SasRecWindows[] = ['last', 'all'];

/** The defaults with `overrides` (undefined fields ignored), checked field by field. */
export function sasrecConfig(overrides: Partial<SasRecConfig> = {}): SasRecConfig {
  const config: SasRecConfig = { ...DEFAULT_SASREC_CONFIG };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
  }
  return checkSasRecConfig(config);
}

export function checkSasRecConfig(config: SasRecConfig): SasRecConfig {
  const positiveInt = (name: keyof SasRecConfig) => {
    const value = config[name] as number;
    if (!Number.isInteger(value) || value < 1) bad(name, value, 'a positive integer');
  };
  for (const name of ['dim', 'maxLen', 'blocks', 'heads', 'batchSize', 'negatives'] as const) positiveInt(name);
  if (config.dim % config.heads !== 0) bad('heads', config.heads, `a divisor of dim (${config.dim})`);
  if (!(config.dropout >= 0 && config.dropout < 1)) bad('dropout', config.dropout, 'in [0, 1)');
  if (!(config.lr > 0) || !Number.isFinite(config.lr)) bad('lr', config.lr, 'a positive number');
  if (!(config.epsilon > 0) || !Number.isFinite(config.epsilon)) bad('epsilon', config.epsilon, 'a positive number');
  for (const beta of ['beta1', 'beta2'] as const) {
    if (!(config[beta] >= 0 && config[beta] < 1)) bad(beta, config[beta], 'in [0, 1)');
  }
  if (!SASREC_WINDOWS.includes(config.windows)) bad('windows', config.windows, `one of ${SASREC_WINDOWS.join(', ')}`);
  if (!Number.isInteger(config.seed)) bad('seed', config.seed, 'an integer');
  return config;
}

function bad(field: string, value: unknown, expected: string): never {
  throw new RecError('CONFIG_INVALID', `SASRec option "${field}" must be ${expected}, got ${String(value)}.`);
}
