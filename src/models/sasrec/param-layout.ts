/**
 * Where every SASRec parameter lives in ONE flat float32 vector (weights, and the same layout for
 * Adam's two moments and the gradient): one tensor each instead of ~40, so an Adam step is one
 * pass and a checkpoint is three arrays. The order is fixed by the config.
 *
 * Per block b (prefix `b<b>.`): attention layer norm (ln1), Q/K/V/output projections with biases,
 * feed-forward layer norm (ln2), two point-wise layers with biases; then the last layer norm.
 * Matrices are [in, out] (x·W), row-major.
 */
import { Random } from '../../random.ts';
import type { SasRecConfig } from './sasrec-config.ts';

export type ParamInit = 'xavier' | 'zeros' | 'ones';

export interface ParamSlot {
  name: string;
  shape: number[];
  /** First element in the flat vector. */
  offset: number;
  size: number;
  init: ParamInit;
}

export interface BlockParams {
  ln1Gamma: number;
  ln1Beta: number;
  wq: number;
  bq: number;
  wk: number;
  bk: number;
  wv: number;
  bv: number;
  wo: number;
  bo: number;
  ln2Gamma: number;
  ln2Beta: number;
  w1: number;
  b1: number;
  w2: number;
  b2: number;
}

export interface ParamLayout {
  slots: ParamSlot[];
  /** Total number of parameters. */
  size: number;
  /** Offsets (elements) of the named parameters. */
  item: number;
  position: number;
  blocks: BlockParams[];
  finalGamma: number;
  finalBeta: number;
  /** Rows of the item table: numItems + 1 (row 0 is padding). */
  itemRows: number;
}

const BLOCK_PARTS: readonly [keyof BlockParams, 'matrix' | 'vector', ParamInit][] = [
  ['ln1Gamma', 'vector', 'ones'],
  ['ln1Beta', 'vector', 'zeros'],
  ['wq', 'matrix', 'xavier'],
  ['bq', 'vector', 'zeros'],
  ['wk', 'matrix', 'xavier'],
  ['bk', 'vector', 'zeros'],
  ['wv', 'matrix', 'xavier'],
  ['bv', 'vector', 'zeros'],
  ['wo', 'matrix', 'xavier'],
  ['bo', 'vector', 'zeros'],
  ['ln2Gamma', 'vector', 'ones'],
  ['ln2Beta', 'vector', 'zeros'],
  ['w1', 'matrix', 'xavier'],
  ['b1', 'vector', 'zeros'],
  ['w2', 'matrix', 'xavier'],
  ['b2', 'vector', 'zeros'],
];

export function paramLayout(config: Pick<SasRecConfig, 'dim' | 'maxLen' | 'blocks'>, numItems: number): ParamLayout {
  const d = config.dim;
  const slots: ParamSlot[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: ParamInit) => {
    const size = shape.reduce((a, b) => a * b, 1);
    // 4-element alignment: the SIMD kernel reads every parameter in f32x4 lanes.
    const at = Math.ceil(offset / 4) * 4;
    slots.push({ name, shape, offset: at, size, init });
    offset = at + size;
    return at;
  };
  const item = add('item', [numItems + 1, d], 'xavier');
  const position = add('position', [config.maxLen, d], 'xavier');
  const blocks: BlockParams[] = [];
  for (let b = 0; b < config.blocks; b++) {
    const block = {} as BlockParams;
    for (const [part, kind, init] of BLOCK_PARTS) block[part] = add(`b${b}.${part}`, kind === 'matrix' ? [d, d] : [d], init);
    blocks.push(block);
  }
  const finalGamma = add('finalGamma', [d], 'ones');
  const finalBeta = add('finalBeta', [d], 'zeros');
  return { slots, size: Math.ceil(offset / 4) * 4, item, position, blocks, finalGamma, finalBeta, itemRows: numItems + 1 };
}

/**
 * Initial weights from the seeded generator: Xavier-normal matrices (std √(2/(rows+cols)), as the
 * PyTorch port's xavier_normal_), zero biases, layer-norm gains of one. The item table's padding
 * row is zero.
 */
export function initialWeights(layout: ParamLayout, seed: number): Float32Array {
  const rng = new Random(seed);
  const w = new Float32Array(layout.size);
  for (const slot of layout.slots) {
    if (slot.init === 'ones') w.fill(1, slot.offset, slot.offset + slot.size);
    if (slot.init !== 'xavier') continue;
    const [rows, cols] = slot.shape as [number, number];
    const std = Math.sqrt(2 / (rows + cols));
    for (let k = 0; k < slot.size; k++) w[slot.offset + k] = rng.normal() * std;
  }
  w.fill(0, layout.item, layout.item + (layout.slots[0]!.shape[1] ?? 0));
  return w;
}
