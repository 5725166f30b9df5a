/**
 * Questions asked of any trained ScoringModel: a user's top-k unseen items, the predicted rating of
 * a pair, the users most similar to a user (cosine of user embeddings; Llama4Rec's prompt
 * augmentation uses the single most similar one).
 *
 * Top-k scores every item with one `scoreUsers` call (for MF: one gather and one
 * [1 × dim] · [dim × items] product on the device) and selects the k best in JS with a small
 * heap, skipping seen items: no second pass on the device, no sort of all items. On WebGPU an MF
 * model's top-k runs as one kernel that scores and selects on the GPU, so only the k ids and
 * scores come back (webgpu/device-queries.ts); the results are the same.
 */
import { RecError } from '../errors.ts';
import type { ScoringModel } from './scoring-model.ts';
import { topKOnDevice } from './webgpu/device-queries.ts';

/** One row of a ranking by score: an item (or a user, for similar users) and its score. */
export interface ScoredIndex {
  index: number;
  score: number;
}

/** The k highest scores of `scores`, skipping indices in `exclude` and `skipIndex`; best first. */
export function topK(scores: Float32Array, k: number, exclude?: ReadonlySet<number> | ((index: number) => boolean), skipIndex = -1): ScoredIndex[] {
  if (k <= 0) return [];
  const excluded = typeof exclude === 'function' ? exclude : exclude ? (i: number) => exclude.has(i) : () => false;
  // Min-heap of the best k so far: heap[0] is the weakest kept.
  const heapIndex: number[] = [];
  const heapScore: number[] = [];
  const swap = (a: number, b: number) => {
    [heapIndex[a], heapIndex[b]] = [heapIndex[b]!, heapIndex[a]!];
    [heapScore[a], heapScore[b]] = [heapScore[b]!, heapScore[a]!];
  };
  const weaker = (a: number, b: number) => heapScore[a]! < heapScore[b]! || (heapScore[a] === heapScore[b] && heapIndex[a]! > heapIndex[b]!);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (i === skipIndex || Number.isNaN(s)) continue;
    if (heapIndex.length === k && !(s > heapScore[0]!)) continue;
    if (excluded(i)) continue;
    if (heapIndex.length < k) {
      heapIndex.push(i);
      heapScore.push(s);
      for (let c = heapIndex.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (!weaker(c, p)) break;
        swap(c, p);
        c = p;
      }
    } else {
      heapIndex[0] = i;
      heapScore[0] = s;
      for (let p = 0; ; ) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < k && weaker(l, m)) m = l;
        if (r < k && weaker(r, m)) m = r;
        if (m === p) break;
        swap(m, p);
        p = m;
      }
    }
  }
  const out = heapIndex.map((index, j) => ({ index, score: heapScore[j]! }));
  // Best first; equal scores by lower index, so results are stable.
  return out.sort((a, b) => b.score - a.score || a.index - b.index);
}

/** The user's k best items among those not in `seen` (e.g. the user's training items). */
export async function recommendForUser(model: ScoringModel, user: number, k: number, seen: ReadonlySet<number> | ((item: number) => boolean) = new Set()): Promise<ScoredIndex[]> {
  checkIndex(user, model.numUsers, 'user');
  return (await recommendForUsers(model, Int32Array.of(user), k, [seen]))[0]!;
}

/** Each user's k best items among those not in `seen[b]` (one batch: one GPU pass on WebGPU). */
export async function recommendForUsers(
  model: ScoringModel,
  users: Int32Array,
  k: number,
  seen: readonly (ReadonlySet<number> | ((item: number) => boolean))[] = [],
): Promise<ScoredIndex[][]> {
  for (const user of users) checkIndex(user, model.numUsers, 'user');
  if (k <= 0) return Array.from(users, () => []);
  const onDevice = await topKOnDevice(model, users, k, Array.from(users, (_, b) => seen[b]));
  if (onDevice) return onDevice;
  const scores = await model.scoreUsers(users);
  const n = model.numItems;
  return Array.from(users, (_, b) => topK(scores.subarray(b * n, (b + 1) * n), k, seen[b]));
}

/** Predicted rating (mf-rating) or score of one user-item pair. */
export async function predictPair(model: ScoringModel, user: number, item: number): Promise<number> {
  checkIndex(user, model.numUsers, 'user');
  checkIndex(item, model.numItems, 'item');
  return (await model.scorePairs(Int32Array.of(user), Int32Array.of(item)))[0]!;
}

/** The k users whose embeddings have the highest cosine similarity with `user`'s (the user excluded). */
export async function similarUsers(model: ScoringModel, user: number, k: number): Promise<ScoredIndex[]> {
  checkIndex(user, model.numUsers, 'user');
  const embeddings = await model.userEmbeddings();
  if (!embeddings) {
    throw new RecError('NOT_TRAINED', `A ${model.kind} model has no user embeddings; similar users need an MF model (mf-bpr or mf-rating).`);
  }
  return topK(cosineToAll(embeddings.data, embeddings.dim, user), k, undefined, user);
}

/** Cosine similarity of row `user` with every row of a row-major matrix (0 for zero vectors). */
export function cosineToAll(data: Float32Array, dim: number, user: number): Float32Array {
  const n = data.length / dim;
  const norms = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += data[r * dim + c]! ** 2;
    norms[r] = Math.sqrt(s);
  }
  const out = new Float32Array(n);
  const base = user * dim;
  for (let r = 0; r < n; r++) {
    let dot = 0;
    for (let c = 0; c < dim; c++) dot += data[base + c]! * data[r * dim + c]!;
    const denom = norms[user]! * norms[r]!;
    out[r] = denom > 0 ? dot / denom : 0;
  }
  return out;
}

function checkIndex(index: number, count: number, what: 'user' | 'item'): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RecError(what === 'user' ? 'UNKNOWN_USER' : 'UNKNOWN_ITEM', `No ${what} with index ${index}: the model knows ${what}s 0..${count - 1}.`);
  }
}
