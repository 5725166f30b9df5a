/**
 * The symmetric-normalised user–item graph LightGCN propagates over: Â = D^-1/2 A D^-1/2, where A
 * is the (users + items) × (users + items) adjacency of the training interactions (users first,
 * item i at node numUsers + i) and D its degrees. Kept as compressed sparse rows; Â is symmetric,
 * so the same matrix serves the forward pass and the gradient's way back.
 */
import { RecError } from '../../errors.ts';

/** The interactions the graph is made of, as plain data (stored in checkpoints: the model needs them to score). */
export interface GraphEdges {
  user: Int32Array;
  item: Int32Array;
}

export interface NormalizedGraph {
  numUsers: number;
  numItems: number;
  /** numUsers + numItems. */
  nodes: number;
  /** Row r's neighbours are col[rowPtr[r] .. rowPtr[r+1]), with weights value[…]. */
  rowPtr: Int32Array;
  col: Int32Array;
  value: Float32Array;
}

/** The distinct (user, item) pairs of `rows`, in first-seen order: a repeated interaction is one edge. */
export function graphEdges(table: { user: Int32Array; item: Int32Array }, rows: Int32Array, numUsers: number, numItems: number): GraphEdges {
  const seen = new Set<number>();
  const user: number[] = [];
  const item: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const u = table.user[rows[k]!]!;
    const i = table.item[rows[k]!]!;
    checkEdge(u, i, numUsers, numItems, k);
    const key = u * numItems + i;
    if (seen.has(key)) continue;
    seen.add(key);
    user.push(u);
    item.push(i);
  }
  return { user: Int32Array.from(user), item: Int32Array.from(item) };
}

/** Â of the bipartite graph of `edges` (each a distinct user–item pair), as CSR with each row's columns ascending. */
export function normalizedGraph(edges: GraphEdges, numUsers: number, numItems: number): NormalizedGraph {
  const n = edges.user.length;
  if (edges.item.length !== n) {
    throw new RecError('CHECKPOINT_INVALID', `A graph needs as many edge users as items, got ${n} and ${edges.item.length}; train the model again.`);
  }
  const nodes = numUsers + numItems;
  const degree = new Int32Array(nodes);
  for (let k = 0; k < n; k++) {
    checkEdge(edges.user[k]!, edges.item[k]!, numUsers, numItems, k);
    degree[edges.user[k]!]!++;
    degree[numUsers + edges.item[k]!]!++;
  }
  const rowPtr = new Int32Array(nodes + 1);
  for (let r = 0; r < nodes; r++) rowPtr[r + 1] = rowPtr[r]! + degree[r]!;
  const col = new Int32Array(2 * n);
  const cursor = rowPtr.slice(0, nodes);
  for (let k = 0; k < n; k++) {
    const u = edges.user[k]!;
    const i = numUsers + edges.item[k]!;
    col[cursor[u]!++] = i;
    col[cursor[i]!++] = u;
  }
  const value = new Float32Array(2 * n);
  const invSqrt = Float64Array.from(degree, (d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  for (let r = 0; r < nodes; r++) {
    // Ascending columns: a fixed summation order, and neighbouring rows read close together.
    col.subarray(rowPtr[r]!, rowPtr[r + 1]!).sort();
    for (let e = rowPtr[r]!; e < rowPtr[r + 1]!; e++) value[e] = invSqrt[r]! * invSqrt[col[e]!]!;
  }
  return { numUsers, numItems, nodes, rowPtr, col, value };
}

function checkEdge(u: number, i: number, numUsers: number, numItems: number, k: number): void {
  if (!(u >= 0 && u < numUsers)) throw new RecError('UNKNOWN_USER', `Interaction ${k} names user index ${u}; the graph has users 0..${numUsers - 1}.`);
  if (!(i >= 0 && i < numItems)) throw new RecError('UNKNOWN_ITEM', `Interaction ${k} names item index ${i}; the graph has items 0..${numItems - 1}.`);
}
