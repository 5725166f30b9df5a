/** Test helper: a seeded random bipartite graph for the LightGCN step tests (batches: bpr-step-parity.ts's parityBatches). */
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
