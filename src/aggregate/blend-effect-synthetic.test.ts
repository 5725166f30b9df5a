/**
 * The mechanism's effect where the conventional model is informative by construction: 300
 * synthetic users with 5..500 interactions (log-uniform); each has 20 MF candidates, and the
 * held-out item is among them for 70% of users, at a position drawn from a geometric law
 * (P(s) ∝ 0.75^s), i.e. MF tends to rank it near the top. Through the product's listwise ranker:
 *  - an ORACLE double (names the held-out item first) raises the tail users' HR/NDCG, more
 *    than the most active users';
 *  - a RANDOM double does not raise them (it lowers them: it scrambles an informative order);
 *  - tuning α on a validation draw gives the oracle the largest weight and the random double
 *    the smallest.
 * Seeds are fixed; assertions are directions with margins, never exact floats.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { activityGroups } from '../eval/groups.ts';
import type { Summary } from '../eval/summarize.ts';
import { titledItem } from '../../tests/helpers/augment/item-titles.ts';
import { Random } from '../random.ts';
import type { MfCandidate } from './blend.ts';
import { alphaForUsers, type AlphaParams } from './long-tail.ts';
import { tuneRanking } from './tune.ts';
import { blendSummary, formatMetrics } from '../../tests/helpers/aggregate/blend-summary.ts';
import { doubleRanker } from '../../tests/helpers/loop/ranking-doubles.ts';

const USERS = 300;
const K_PRIME = 20;
const KS = [3, 5];
const NOT_A_CANDIDATE = -1;

const random = new Random(2024);
const users = Int32Array.from({ length: USERS }, (_, u) => u);
const counts = Int32Array.from(users, () => Math.round(Math.exp(Math.log(5) + random.next() * (Math.log(500) - Math.log(5)))));
const { groups, groupOf } = activityGroups(users, counts, 5);

/** Candidate items of user u: u·K' + s at MF position s. */
const candidates = (u: number): MfCandidate[] => Array.from({ length: K_PRIME }, (_, s) => ({ item: u * K_PRIME + s, score: K_PRIME - s }));

/** One held-out item per user: a candidate at a geometric position (70%), else none of them. */
function drawTargets(r: Random): Int32Array {
  return Int32Array.from(users, (u) => {
    if (r.next() >= 0.7) return NOT_A_CANDIDATE;
    let s: number;
    do s = Math.floor(Math.log(1 - r.next()) / Math.log(0.75));
    while (s >= K_PRIME);
    return u * K_PRIME + s;
  });
}

const testTargets = drawTargets(new Random(7));
const validationTargets = drawTargets(new Random(8));
const history = () => [{ item: { title: 'Seen film' }, rating: 4 }];

function ranker(kind: 'oracle' | 'random', targets: Int32Array) {
  return doubleRanker(kind, {
    targetTitle: (u) => (targets[u]! === NOT_A_CANDIDATE ? null : titledItem(targets[u]!).title),
    history,
    item: titledItem,
    seed: 11,
  });
}

function evaluate(kind: 'mf' | 'oracle' | 'random', params: AlphaParams): Promise<Summary> {
  const alphas = alphaForUsers(counts, params);
  return blendSummary({
    users,
    targets: testTargets,
    group: groupOf,
    groups,
    candidates,
    alphaOf: (u) => alphas[u]!,
    rank: kind === 'mf' ? null : ranker(kind, testTargets),
    ks: KS,
  });
}

async function tuneWith(kind: 'oracle' | 'random') {
  const rank = ranker(kind, validationTargets);
  const cases = [];
  for (const user of users) {
    const mf = candidates(user);
    cases.push({ user, mf, llmOrder: await rank({ user, candidates: mf, places: K_PRIME }), target: validationTargets[user]! });
  }
  return tuneRanking({ counts, cases, k: 5 });
}

const tail = (s: Summary) => s.groups[0]!.metrics;
const head = (s: Summary) => s.groups.at(-1)!.metrics;

describe('adaptive aggregation on synthetic users with an informative MF ranking', () => {
  const FIXED: AlphaParams = { alpha1: 0.9, alpha2: 0.1 };
  let mf: Summary;
  let oracle: Summary;
  let randomDouble: Summary;

  beforeAll(async () => {
    mf = await evaluate('mf', FIXED);
    oracle = await evaluate('oracle', FIXED);
    randomDouble = await evaluate('random', FIXED);
    const row = (name: string, s: Summary) => `${name.padEnd(7)} tail ${formatMetrics(tail(s), KS)} | head ${formatMetrics(head(s), KS)}`;
    console.log([`synthetic, α1=${FIXED.alpha1} α2=${FIXED.alpha2}, k'=${K_PRIME}, groups: ${groups.map((g) => g.label).join(', ')}`, row('MF', mf), row('oracle', oracle), row('random', randomDouble)].join('\n'));
  }, 120_000);

  it('an oracle double raises HR and NDCG for the tail users, by more than for the most active', () => {
    for (const k of KS) {
      expect(tail(oracle)[`HR@${k}`]!).toBeGreaterThan(tail(mf)[`HR@${k}`]! + 0.1);
      expect(tail(oracle)[`NDCG@${k}`]!).toBeGreaterThan(tail(mf)[`NDCG@${k}`]! + 0.1);
      expect(tail(oracle)[`NDCG@${k}`]! - tail(mf)[`NDCG@${k}`]!).toBeGreaterThan(head(oracle)[`NDCG@${k}`]! - head(mf)[`NDCG@${k}`]!);
    }
  });

  it('a random double does not raise them', () => {
    for (const k of KS) {
      expect(tail(randomDouble)[`HR@${k}`]!).toBeLessThan(tail(mf)[`HR@${k}`]! - 0.05);
      expect(tail(randomDouble)[`NDCG@${k}`]!).toBeLessThan(tail(mf)[`NDCG@${k}`]! - 0.05);
      expect(randomDouble.overall[`NDCG@${k}`]!).toBeLessThan(mf.overall[`NDCG@${k}`]!);
    }
  });

  it('tuning on validation gives the oracle the largest weight and the random double the smallest', async () => {
    const withOracle = await tuneWith('oracle');
    const withRandom = await tuneWith('random');
    console.log(`synthetic, tuned on validation: oracle α1=${withOracle.best.alpha1} α2=${withOracle.best.alpha2} NDCG@5 ${withOracle.best.ndcg.toFixed(4)}; random α1=${withRandom.best.alpha1} α2=${withRandom.best.alpha2} NDCG@5 ${withRandom.best.ndcg.toFixed(4)}`);
    expect(withOracle.best.alpha1).toBe(0.9);
    expect(withRandom.best.alpha1).toBe(0.1);
    expect(withOracle.best.ndcg).toBeGreaterThan(withRandom.best.ndcg + 0.1);
  });
});
