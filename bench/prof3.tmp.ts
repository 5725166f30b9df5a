import { readFileSync } from 'node:fs';
import { parseDataset } from '../src/data/import/parse.ts';
import { sourceFromMemory } from '../src/data/import/source.ts';
import { leaveOneOutByTime } from '../src/data/splits.ts';
import { BprSampler } from '../src/models/bpr-sampler.ts';
import { Random } from '../src/models/random.ts';
const dir = 'public/data/ml-latest-small/';
const ds = await parseDataset(sourceFromMemory({ 'ratings.csv': readFileSync(dir + 'ratings.csv'), 'movies.csv': readFileSync(dir + 'movies.csv') }, { name: 'ml' }));
const t = ds.interactions; const split = leaveOneOutByTime(t);
const sampler = new BprSampler(t, split.train, ds.users.length, ds.items.length);
const rng = new Random(1);
for (let k = 0; k < 5; k++) { const t0 = performance.now(); sampler.epoch(rng); console.log('epoch ms', (performance.now() - t0).toFixed(1)); }
{ const t0 = performance.now(); let s = 0; for (let k = 0; k < 200000; k++) s += rng.next(); console.log('200K rng ms', (performance.now() - t0).toFixed(1)); }
