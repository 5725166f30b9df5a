// The answer cache over the real store (IndexedDB in headless Chromium): an answer asked once is
// served from IndexedDB by a new engine after the store is closed and opened again; answers are
// kept with the dataset their prompt was built from (the store bound to it).
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRecStore, openRecStore, type RecStore } from '../data/store.ts';
import { StoreAnswerCache, answerKey } from './answer-cache.ts';
import { CachedLlmEngine } from './cached-engine.ts';
import { ScriptedLlmDouble } from '../testing/test-double.ts';
import { tinyDataset } from '../../tests/helpers/data/test-dataset.ts';

const dbName = `l4r-test-llm-cache-${crypto.randomUUID()}`;
let store: RecStore | undefined;

afterEach(async () => {
  store?.close();
  await deleteRecStore(dbName);
});

describe('StoreAnswerCache over RecStore', () => {
  it('survives closing and reopening the store: nothing is asked twice', async () => {
    const request = { messages: [{ role: 'user' as const, content: 'Rate "Heat (1995)" from 1 to 5.' }], topLogprobs: 5 };
    const logprobs = [{ token: '4', logprob: -0.3, top: [{ token: '4', logprob: -0.3 }, { token: '5', logprob: -1.4 }] }];
    const first = new ScriptedLlmDouble(() => ({ text: '4', logprobs }), { name: 'rater' });
    store = await openRecStore(dbName);
    const { fingerprint } = await store.writeDataset(tinyDataset());
    await new CachedLlmEngine(first, new StoreAnswerCache(store.boundTo(fingerprint)), () => 1234).chat(request);
    store.close();

    store = await openRecStore(dbName);
    const record = await store.getCachedAnswer(await answerKey('test-double/rater', request));
    expect(record).toMatchObject({ model: 'test-double/rater', createdAt: 1234, answer: { text: '4', logprobs }, datasetFingerprint: fingerprint });
    const second = new ScriptedLlmDouble(() => 'never asked', { name: 'rater' });
    const engine = new CachedLlmEngine(second, new StoreAnswerCache(store.boundTo(fingerprint)));
    expect(await engine.chat(request)).toEqual({ text: '4', logprobs, finishReason: 'stop' });
    expect(second.requests).toHaveLength(0);
  });
});
