import { readFileSync } from 'node:fs';
import { parseDataset } from '../src/data/import/parse.ts';
import { sourceFromMemory } from '../src/data/import/source.ts';
import { chooseBackend, useBackend } from '../src/models/backend.ts';
import { BprMf } from '../src/models/mf-bpr.ts';
import { BprSampler } from '../src/models/bpr-sampler.ts';
import { evaluateRanking } from '../src/eval/evaluate.ts';
import * as tf from '@tensorflow/tfjs';
import { evaluatePopularity } from '../src/eval/baseline.ts';
const dir = 'public/data/ml-latest-small/';
const ds = await parseDataset(sourceFromMemory({ 'ratings.csv': readFileSync(dir + 'ratings.csv'), 'movies.csv': readFileSync(dir + 'movies.csv') }, { name: 'ml' }));
const t = ds.interactions;
// quick LOO
const byUser = new Map<number, number[]>();
for (let r = 0; r < t.length; r++) { const u = t.user[r]!; if (!byUser.has(u)) byUser.set(u, []); byUser.get(u)!.push(r); }
const train: number[] = [], val: number[] = [], test: number[] = [];
for (const rows of byUser.values()) { rows.sort((a, b) => t.timestamp[a]! - t.timestamp[b]! || a - b); test.push(rows.pop()!); val.push(rows.pop()!); train.push(...rows); }
const split = { train: Int32Array.from(train), validation: Int32Array.from(val), test: Int32Array.from(test) };
const backend = process.argv[2] as any ?? 'wasm';
console.log(await useBackend(backend));
const pop = await evaluatePopularity(t, split, { numUsers: ds.users.length, numItems: ds.items.length }, { target: 'test' }); console.log('pop test', pop.ranking.overall['NDCG@10'], pop.ranking.overall['HR@10']);
const model = BprMf.create(ds.users.length, ds.items.length, { batchSize: Number(process.argv[3] ?? 4096), lr: Number(process.argv[4] ?? 0.005), l2: Number(process.argv[6] ?? 1e-4) });
const sampler = new BprSampler(t, split.train, ds.users.length, ds.items.length);
for (let e = 0; e < Number(process.argv[5] ?? 10); e++) {
  const tr = sampler.epoch(model.random);
  const s = await model.trainEpoch(tr);
  const line = `epoch ${s.epoch} loss ${s.loss.toFixed(4)} ${s.seconds.toFixed(3)}s ${Math.round(s.samplesPerSecond)}/s tensors ${tf.memory().numTensors}`;
  if ((e+1) % 5 === 0) { const rep = await evaluateRanking(model, t, split, { target: 'validation' }); console.log(line, 'val N@10', rep.overall['NDCG@10']!.toFixed(4), 'HR@10', rep.overall['HR@10']!.toFixed(4)); } else console.log(line);
}
const rep = await evaluateRanking(model, t, split, { target: 'test' }); console.log('test N@10', rep.overall['NDCG@10'], 'HR@10', rep.overall['HR@10']);
