/** LightGCN's hyper-parameters: MF's (one ego table trained with Adam) plus the propagation depth, validated naming the bad field. */
import { DEFAULT_CONFIG } from '../../config.ts';
import { RecError } from '../../errors.ts';
import { mfConfig, type MfConfig } from '../mf-config.ts';

export interface LightGcnConfig extends MfConfig {
  /** Propagation layers K (0 is plain BPR-MF on the same trainer). */
  layers: number;
}

const { dim, lr, l2, batchSize, layers } = DEFAULT_CONFIG.lightgcn;

/** The defaults of src/config.ts (where each value's reason is); the rest are MF's. */
export const DEFAULT_LIGHTGCN_CONFIG: LightGcnConfig = { ...mfConfig({}, { dim, lr, l2, batchSize }), layers };

export function lightGcnConfig(overrides: Partial<LightGcnConfig> = {}): LightGcnConfig {
  const { layers: given, ...rest } = overrides;
  let config: MfConfig;
  try {
    config = mfConfig(rest, DEFAULT_LIGHTGCN_CONFIG);
  } catch (error) {
    throw new RecError('CONFIG_INVALID', `LightGCN: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const depth = given ?? DEFAULT_LIGHTGCN_CONFIG.layers;
  if (!Number.isInteger(depth) || depth < 0 || depth > 8) {
    throw new RecError('CONFIG_INVALID', `LightGCN option "layers" must be a whole number from 0 to 8, got ${String(depth)}.`);
  }
  return { ...stripLayers(config), layers: depth };
}

/** mfConfig copies every key of its base: `layers` from the defaults must not be read as an MF field. */
function stripLayers(config: MfConfig & { layers?: number }): MfConfig {
  const { layers: _layers, ...rest } = config;
  return rest;
}
