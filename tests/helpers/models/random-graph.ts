/** Test helper: a seeded random bipartite graph and BPR batches over it, for the LightGCN step tests. */
import type { BprStepBatch } from '../../../src/models/bpr-step.ts';
import { Random } from '../../../src/random.ts';
import { graphEdges, normalizedGraph, type GraphEdges, type NormalizedGraph } from '../../../src/models/lightgcn/graph.ts';

/** `perUser` random items per user (duplicates collapse to one edge), and the graph of them. */
export function randomGraph(users: number, items: number, perUser: number, seed: number): { edges: GraphEdges; graph: NormalizedGraph } {
  const rng = new Random(seed);
  const user: number[] = [];
  const item: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < perUser; k++) {
      user.push(u);
      item.push(rng.int(items));
    }
  }
  const table = { user: Int32Array.from(user), item: Int32Array.from(item) };
  const edges = graphEdges(table, Int32Array.from(user, (_, k) => k), users, items);
  return { edges, graph: normalizedGraph(edges, users, items) };
}

/** Seeded batches, with repeated rows and some triples whose positive equals the negative. */
export function randomBatches(users: number, items: number, count: number, size: number, seed: number): BprStepBatch[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const user = Int32Array.from({ length: size }, () => rng.int(users));
    const positive = Int32Array.from({ length: size }, () => rng.int(items));
    const negative = Int32Array.from({ length: size }, (_, k) => (k % 7 === 3 ? positive[k]! : rng.int(items)));
    return { user, positive, negative, itemOffset: users };
  });
}
