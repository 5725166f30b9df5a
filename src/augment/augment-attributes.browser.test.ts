// Attribute augmentation against the real IndexedDB store in headless Chromium: LLM answers
// land in the items store marked 'llm', a dataset-provided attribute survives, and a rerun after
// a reopen (what a reload does) asks the LLM nothing.
import { describe, expect, it } from 'vitest';
import { reopenableStore } from '../../tests/helpers/data/reopenable-store.ts';
import { tinyDataset } from '../../tests/helpers/data/test-dataset.ts';
import { PROMPT_VERSION } from '../llm/prompts/prompt-version.ts';
import { ScriptedLlmDouble, type AnswerScript } from '../testing/test-double.ts';
import { augmentAttributes } from './augment-attributes.ts';
import { boundToStored } from '../../tests/helpers/data/bound-to-stored.ts';

const open = reopenableStore('l4r-attributes-test');

/** Names from the title's first word: "Alpha Director", ["Alpha One"]. */
const byTitle: AnswerScript = (request) => {
  const word = /"(\w+)/.exec(request.messages[1]!.content)![1]!;
  return `{"director": "${word} Director", "stars": ["${word} One"]}`;
};

describe('augmentAttributes with the IndexedDB store', () => {
  it('writes llm attributes, keeps dataset ones, and a rerun asks nothing', async () => {
    const dataset = tinyDataset();
    dataset.items[1] = { ...dataset.items[1]!, attributes: { director: { value: 'Dataset Director', source: 'dataset' } } };
    const opened = await open();
    await opened.writeDataset(dataset);
    const first = await boundToStored(opened);

    const engine = new ScriptedLlmDouble(byTitle, { name: 'attrs' });
    const report = await augmentAttributes({ engine, store: first, items: [0, 1, 3] });
    expect(report).toEqual({ items: 3, alreadyFilled: 0, calls: 3, written: 5, unanswered: 0, stopped: 'done' });

    const llm = (value: string) => ({ value, source: 'llm', modelId: 'test-double/attrs', promptVersion: PROMPT_VERSION });
    expect((await first.item(0))!.attributes).toEqual({ director: llm('Alpha Director'), stars: llm('Alpha One') });
    expect((await first.item(1))!.attributes).toEqual({ director: { value: 'Dataset Director', source: 'dataset' }, stars: llm('Beta One') });
    expect((await first.item(2))!.attributes).toBeUndefined();
    // The rest of the record is untouched.
    expect(await first.item(3)).toMatchObject({ index: 3, id: 'd', title: 'Delta', year: 1980, genres: ['Horror'] });

    // Even a direct write cannot replace the dataset's value.
    expect(await first.putItemAttributes([{ index: 1, attributes: { director: { value: 'Other', source: 'llm' } } }])).toBe(0);
    expect((await first.item(1))!.attributes?.['director']?.value).toBe('Dataset Director');
    // An unknown index writes nothing at all, not even the valid update before it.
    await expect(first.putItemAttributes([
      { index: 2, attributes: { director: { value: 'Gamma Director', source: 'llm' } } },
      { index: 99, attributes: { director: { value: 'Nobody', source: 'llm' } } },
    ])).rejects.toMatchObject({ code: 'UNKNOWN_ITEM' });
    expect((await first.item(2))!.attributes).toBeUndefined();
    opened.close();

    const second = await boundToStored(await open());
    const again = new ScriptedLlmDouble(byTitle);
    const rerun = await augmentAttributes({ engine: again, store: second, items: [0, 1, 3] });
    expect(again.requests).toHaveLength(0);
    expect(rerun).toMatchObject({ alreadyFilled: 3, calls: 0, written: 0 });
  });
});
