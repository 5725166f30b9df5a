// The bad-input corpus (tests/fixtures/bad-input/corpus.ts) against the real IndexedDB store in
// headless Chromium: every case is refused with its typed error, the beforeWrite hook never
// runs, and the stored dataset, its checkpoint and its augmented pairs stay exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_INPUT_CORPUS, MAX_MESSAGE_LENGTH } from '../../../tests/fixtures/bad-input/corpus.ts';
import type { DatasetMeta } from '../db.ts';
import { fingerprintDataset } from '../fingerprint.ts';
import { deleteRecStore, openRecStore, type RecStore } from '../store.ts';
import { ImportError } from './import-error.ts';
import { sourceFromMemory } from './source.ts';

const GOOD = {
  'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,3.5,964982704\n2,1,5.0,964982705\n3,2,0.5,964982706\n',
  'movies.csv': 'movieId,title,genres\n1,Toy Story (1995),Animation\n2,"Heat, The (1995)",Action\n',
};

const CHECKPOINT = {
  name: 'mf',
  model: { epoch: 3 },
  fit: { bestEpoch: 3, bestValidation: 0.1, sinceBest: 0 },
  trainRows: 4,
  finished: true,
  augmentedTriples: 0,
};

let store: RecStore;
let before: DatasetMeta;

beforeAll(async () => {
  store = await openRecStore(`l4r-test-corpus-${crypto.randomUUID()}`);
  before = await store.importDataset(sourceFromMemory(GOOD, { name: 'good' }));
  const bound = store.boundTo(before.fingerprint);
  await bound.putCheckpoint(CHECKPOINT);
  await bound.addAugmentedPairs([{ user: 0, pos: 0, neg: 1, kind: 'pair', modelId: 'test-double', promptVersion: 'v1', createdAt: 1, confidence: 0.9 }]);
});

afterAll(async () => {
  store.close();
  await deleteRecStore(store.dbName);
});

describe('bad-input corpus: refused by importDataset, the store unchanged', () => {
  it.each(BAD_INPUT_CORPUS.map((c) => [`${c.format}: ${c.input}`, c] as const))('%s', async (_, testCase) => {
    const source = sourceFromMemory(testCase.files(), testCase.chunkSize === undefined ? {} : { chunkSize: testCase.chunkSize });
    const error = await store
      .importDataset(source, {
        ...testCase.options,
        beforeWrite: () => Promise.reject(new Error('beforeWrite ran for a bad file')),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const { code, file, line, field, message } = error as ImportError;
    expect({ code, file, line, field }).toEqual(testCase.expected);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(await store.info()).toEqual(before);
  });

  it('after all of them: the same dataset content, checkpoint and augmented pairs', async () => {
    const data = await store.loadDataset();
    expect(fingerprintDataset(data!)).toBe(before.fingerprint);
    expect(data!.interactions.length).toBe(4);
    expect(await store.getCheckpoint('mf')).toMatchObject(CHECKPOINT);
    expect(await store.countAugmentedPairs()).toBe(1);
  });
});
