/**
 * For Node tests of the loop: a real slice of ml-latest-small (users 1..maxUserId, the movies
 * they rated) parsed through the real importer, and MF models trained on its leave-one-out split.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDataset } from '../../../src/data/import/parse.ts';
import { sourceFromMemory } from '../../../src/data/import/source.ts';
import type { Dataset } from '../../../src/data/types.ts';
import { chooseBackend } from '../../../src/models/backend.ts';
import type { BprMf } from '../../../src/models/mf-bpr.ts';
import type { MfConfig } from '../../../src/models/mf-config.ts';
import type { RatingMf } from '../../../src/models/mf-rating.ts';
import { trainMf } from '../../../src/training/train-mf.ts';
import { loopContext, type LoopContext } from '../../../src/loop/loop-context.ts';
import { sliceMovieLens } from './movielens-slice.ts';

const DIR = fileURLToPath(new URL('../../../public/data/ml-latest-small/', import.meta.url));

export const SLICE_MF: Partial<MfConfig> = { dim: 16, batchSize: 512, seed: 5 };

export async function sliceDataset(maxUserId: number): Promise<Dataset> {
  const csv = sliceMovieLens({ 'ratings.csv': readFileSync(`${DIR}ratings.csv`, 'utf8'), 'movies.csv': readFileSync(`${DIR}movies.csv`, 'utf8') }, maxUserId);
  return parseDataset(sourceFromMemory({ ...csv }, { name: `ml-latest-small users 1..${maxUserId}` }));
}

export interface TrainedSlice {
  dataset: Dataset;
  ctx: LoopContext;
  bpr: BprMf;
  rating: RatingMf;
  dispose(): void;
}

export async function trainedSlice(maxUserId: number, epochs: number): Promise<TrainedSlice> {
  await chooseBackend();
  const dataset = await sliceDataset(maxUserId);
  const ctx = loopContext(dataset);
  const dims = { numUsers: ctx.numUsers, numItems: ctx.numItems };
  const train = { epochs, patience: 0, config: SLICE_MF };
  const bpr = (await trainMf(dataset.interactions, ctx.split, dims, { ...train, kind: 'mf-bpr' })).model as BprMf;
  const rating = (await trainMf(dataset.interactions, ctx.split, dims, { ...train, kind: 'mf-rating' })).model as RatingMf;
  return { dataset, ctx, bpr, rating, dispose: () => (bpr.dispose(), rating.dispose()) };
}
