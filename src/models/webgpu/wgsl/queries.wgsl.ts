/**
 * WGSL of the query kernels: top-k for a batch of users and the ranking evaluation's ranks, both
 * scoring on the fly (no users × items score matrix in memory), one workgroup of 256 invocations
 * per user, each invocation on every 256th item. Only ids and scores (or ranks) come back.
 *
 * A score is p_u · q_i + offset, summed chunk by chunk in float32 (`score` below, shared by all
 * three kernels, so the scores the test reads back are the very ones selection compares).
 * Excluded items (a user's seen ones) are bits of a per-user mask: item i of user b is bit
 * i % 32 of word b·words + i / 32.
 */
import { laneHelpers, type Lanes } from './lanes.ts';

/** 8 four-byte fields (device-queries.ts `queryParams` fills them). */
const QUERY_PARAMS = /* wgsl */ `
struct QueryParams {
  users: u32,
  items: u32,
  width: u32,
  k: u32,
  words: u32,
  offset: f32,
  unused0: u32,
  unused1: u32,
}
`;

export const QUERY_PARAMS_BYTES = 32;

/** Bindings 0–3 and the score of an item, shared by the kernels below. */
function scoring(lanes: Lanes): string {
  return /* wgsl */ `
${QUERY_PARAMS}
${laneHelpers(lanes)}
@group(0) @binding(0) var<storage, read> userRows: array<Chunk>;
@group(0) @binding(1) var<storage, read> itemRows: array<Chunk>;
@group(0) @binding(2) var<storage, read> users: array<u32>;
@group(0) @binding(3) var<storage, read> excluded: array<u32>;
@group(0) @binding(5) var<uniform> params: QueryParams;

const THREADS = 256u;

fn score(userBase: u32, item: u32) -> f32 {
  let chunks = params.width / ${lanes}u;
  let itemBase = item * chunks;
  var s = 0.0;
  for (var c = 0u; c < chunks; c++) {
    s += total(userRows[userBase + c] * itemRows[itemBase + c]);
  }
  return s + params.offset;
}

fn isExcluded(b: u32, item: u32) -> bool {
  return (excluded[b * params.words + item / 32u] & (1u << (item % 32u))) != 0u;
}

// By its bits: WGSL lets compilers assume no NaN exists, which may fold s != s to false.
fn isNan(s: f32) -> bool {
  let bits = bitcast<u32>(s);
  return (bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0u;
}

fn userIndex(group: vec3<u32>, groups: vec3<u32>) -> u32 {
  return group.x + group.y * groups.x;
}
`;
}

/**
 * The opening of each kernel's entry: one workgroup per user slot b (past params.users: nothing to
 * do), t the invocation, userBase the user's first chunk in userRows. The kernel's body follows.
 */
function perUserMain(lanes: Lanes): string {
  return /* wgsl */ `@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_id) local: vec3<u32>) {
  let b = userIndex(group, groups);
  if (b >= params.users) { return; }
  let t = local.x;
  let userBase = users[b] * (params.width / ${lanes}u);`;
}

/**
 * Top-k: out[b·k + r] is user b's r-th best item (index, score), best first; ties go to the lower
 * index, NaN scores and excluded items are never chosen (as `topK` in queries.ts); index −1 past
 * the last candidate. Each invocation keeps its own best item; each round the workgroup picks the
 * best of those, and only the invocation that owned it looks for its next best (the best of its
 * items that rank after the winner), so a round costs one reduction, not a rescan of every item.
 */
export function topKWgsl(lanes: Lanes): string {
  return /* wgsl */ `
${scoring(lanes)}
struct Found {
  index: i32,
  score: f32,
}
@group(0) @binding(4) var<storage, read_write> found: array<Found>;

var<workgroup> bestIndex: array<i32, 256>;
var<workgroup> bestScore: array<f32, 256>;

// (sa, ia) ranks before (sb, ib): a higher score, or an equal score and a lower index.
fn before(sa: f32, ia: i32, sb: f32, ib: i32) -> bool {
  return sa > sb || (sa == sb && ia < ib);
}

// The invocation's best item strictly after (afterScore, afterIndex); index -1 when none.
fn bestAfter(b: u32, userBase: u32, thread: u32, afterScore: f32, afterIndex: i32) -> Found {
  var best = Found(-1, 0.0);
  for (var item = thread; item < params.items; item += THREADS) {
    if (isExcluded(b, item)) { continue; }
    let s = score(userBase, item);
    let i = i32(item);
    if (isNan(s)) { continue; }
    if (afterIndex >= 0 && !before(afterScore, afterIndex, s, i)) { continue; }
    if (best.index < 0 || before(s, i, best.score, best.index)) { best = Found(i, s); }
  }
  return best;
}

${perUserMain(lanes)}
  var mine = bestAfter(b, userBase, t, 0.0, -1);
  var r = 0u;
  for (; r < params.k; r++) {
    bestIndex[t] = mine.index;
    bestScore[t] = mine.score;
    workgroupBarrier();
    for (var stride = THREADS / 2u; stride > 0u; stride = stride >> 1u) {
      if (t < stride) {
        let oi = bestIndex[t + stride];
        let os = bestScore[t + stride];
        if (oi >= 0 && (bestIndex[t] < 0 || before(os, oi, bestScore[t], bestIndex[t]))) {
          bestIndex[t] = oi;
          bestScore[t] = os;
        }
      }
      workgroupBarrier();
    }
    let winner = workgroupUniformLoad(&bestIndex[0]);
    if (winner < 0) { break; }
    let winnerScore = bestScore[0];
    if (t == 0u) { found[b * params.k + r] = Found(winner, winnerScore); }
    if (mine.index == winner) { mine = bestAfter(b, userBase, t, winnerScore, winner); }
    // Everyone has read the winner before the next round overwrites it.
    workgroupBarrier();
  }
  if (t == 0u) {
    for (var rest = r; rest < params.k; rest++) { found[b * params.k + rest] = Found(-1, 0.0); }
  }
}
`;
}

/**
 * The ranking evaluation (the same rule as eval/rank.ts `TargetRanker`, pessimistic on ties):
 * user b's held-out item targets[b] ranks after every other candidate scoring at least as high;
 * candidates are all items but the excluded ones (the target always counts). Also reports the
 * lowest item whose score is NaN (or -1), and the target's score.
 */
export function rankTargetsWgsl(lanes: Lanes): string {
  return /* wgsl */ `
${scoring(lanes)}
struct Ranked {
  rank: u32,
  candidates: u32,
  firstNaN: i32,
  targetScore: f32,
}
@group(0) @binding(4) var<storage, read_write> ranked: array<Ranked>;
@group(0) @binding(6) var<storage, read> targets: array<u32>;

var<workgroup> above: array<u32, 256>;
var<workgroup> candidates: array<u32, 256>;
var<workgroup> firstNaN: array<u32, 256>;

${perUserMain(lanes)}
  let held = targets[b];
  let targetScore = score(userBase, held);
  var count = 0u;
  var candidateCount = 0u;
  var firstNan = 0xffffffffu;
  for (var item = t; item < params.items; item += THREADS) {
    let s = score(userBase, item);
    if (isNan(s)) { firstNan = min(firstNan, item); }
    if (item != held && isExcluded(b, item)) { continue; }
    candidateCount++;
    if (item != held && s >= targetScore) { count++; }
  }
  above[t] = count;
  candidates[t] = candidateCount;
  firstNaN[t] = firstNan;
  workgroupBarrier();
  for (var stride = THREADS / 2u; stride > 0u; stride = stride >> 1u) {
    if (t < stride) {
      above[t] += above[t + stride];
      candidates[t] += candidates[t + stride];
      firstNaN[t] = min(firstNaN[t], firstNaN[t + stride]);
    }
    workgroupBarrier();
  }
  if (t == 0u) {
    let nanItem = select(i32(firstNaN[0]), -1, firstNaN[0] == 0xffffffffu);
    ranked[b] = Ranked(above[0], candidates[0], nanItem, targetScore);
  }
}
`;
}

/** Every score of a batch of users (tests: the scores the two kernels above compare). */
export function scoresWgsl(lanes: Lanes): string {
  return /* wgsl */ `
${scoring(lanes)}
@group(0) @binding(4) var<storage, read_write> scores: array<f32>;

${perUserMain(lanes)}
  for (var item = t; item < params.items; item += THREADS) {
    scores[b * params.items + item] = score(userBase, item);
  }
}
`;
}
