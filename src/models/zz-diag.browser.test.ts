import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { useBackend } from './backend.ts';
import { BprMf } from './mf-bpr.ts';
import { BprSampler } from './bpr-sampler.ts';
import { parseDataset } from '../data/import/parse.ts';
import { sourceFromUrl } from '../data/import/source.ts';
import { leaveOneOutByTime, selectRows } from '../data/splits.ts';
import { evaluateRanking } from '../eval/evaluate.ts';

it('diag', async () => {
  const full = await parseDataset(await sourceFromUrl('/data/ml-latest-small/', ['ratings.csv', 'movies.csv']));
  const rows: number[] = [];
  for (let r = 0; r < full.interactions.length; r++) if (full.interactions.user[r]! < 200) rows.push(r);
  const t = selectRows(full.interactions, Int32Array.from(rows));
  const split = leaveOneOutByTime(t);
  for (const b of ['cpu', 'webgpu'] as const) {
    await useBackend(b);
    const model = BprMf.create(200, full.items.length, { dim: 32, batchSize: 2048, lr: 0.01, l2: 0.001, seed: 1 });
    const sampler = new BprSampler(t, split.train, 200, full.items.length);
    const losses = [];
    for (let e = 0; e < 3; e++) {
      losses.push((await model.trainEpoch(sampler.epoch(model.random), { reportEvery: 1, onBatch: (p) => console.log(b, e, p.batch, p.loss) })).loss.toFixed(5));
      if (e === 0) console.log('val', (await evaluateRanking(model, t, split, { target: 'validation', ks: [10] })).overall);
    }
    console.log(b, losses.join(' '));
  }
});
