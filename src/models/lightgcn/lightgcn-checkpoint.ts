/**
 * A trained LightGCN as plain data, and its check. Free of TF.js (type imports only), like
 * mf-checkpoint.ts, so the serving side reads a stored checkpoint's facts before TF.js loads.
 */
import { RecError } from '../../errors.ts';
import type { FactorTableData } from '../factor-table.ts';
import type { GraphEdges } from './graph.ts';
import type { LightGcnConfig } from './lightgcn-config.ts';

/** What IndexedDB stores (a checkpoint record's `model`) and what crosses workers. */
export interface LightGcnCheckpoint {
  format: 'l4r-lightgcn';
  version: 1;
  kind: 'lightgcn';
  config: LightGcnConfig;
  numUsers: number;
  numItems: number;
  /** Adam steps taken. */
  step: number;
  /** Epochs completed. */
  epoch: number;
  /** State of the sampling generator, so a resumed run draws what an uninterrupted one would. */
  rngState: number;
  /** The ego table: users' rows, then items'. */
  table: FactorTableData;
  /** The training interactions the graph is built from (distinct pairs): the final embeddings depend on them. */
  edges: GraphEdges;
}

/** Checks a stored value before a LightGCN is built from it. */
export function checkLightGcnCheckpoint(value: unknown): LightGcnCheckpoint {
  const c = value as Partial<LightGcnCheckpoint> | null;
  if (!c || c.format !== 'l4r-lightgcn' || c.version !== 1 || !c.table || !c.config || !c.edges) {
    throw new RecError('CHECKPOINT_INVALID', 'The stored checkpoint is not a LightGCN model of this version; train the model again.');
  }
  if (c.table.rows !== (c.numUsers ?? -1) + (c.numItems ?? -1)) {
    throw new RecError('CHECKPOINT_INVALID', `The checkpoint's table has ${c.table.rows} rows for ${c.numUsers} users and ${c.numItems} items; train the model again.`);
  }
  return c as LightGcnCheckpoint;
}
