/**
 * `l4r prompt --data <path> --user <id> --task rank|pair|rating|next|pointwise`: prints the chat
 * messages the recommender would send for one user, with a header saying where every part came from.
 */
import { parseArgs } from 'node:util';
import { RecError } from '../errors.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { mulberry32 } from '../random.ts';
import type { ItemRecord } from '../data/types.ts';
import { buildNextItemPrompt } from '../llm/prompts/next-item-prompt.ts';
import { buildPairPrompt } from '../llm/prompts/pair-prompt.ts';
import { buildPointwisePrompt } from '../llm/prompts/pointwise-prompt.ts';
import { PROMPT_VERSION } from '../llm/prompts/prompt-version.ts';
import { buildRankPrompt } from '../llm/prompts/rank-prompt.ts';
import { buildRatingPrompt } from '../llm/prompts/rating-prompt.ts';
import { renderMessages } from '../llm/prompts/render-messages.ts';
import type { BuiltPrompt, PromptOptions, SimilarUserHistory } from '../llm/prompts/sections.ts';
import { historyOf, rowsByUser } from '../llm/prompts/user-histories.ts';
import { mfSource, standInSource, type ConventionalSource } from './prompt-sources.ts';
import { wholeNumberFlag } from './whole-number-flag.ts';

const TASKS = ['rank', 'pair', 'rating', 'next', 'pointwise'] as const;
type Task = (typeof TASKS)[number];

export const usage = `usage: l4r prompt --data <path> --user <id> --task ${TASKS.join('|')} [options]

Prints the messages the LLM would get for one user (nothing is sent anywhere).
History comes from the user's leave-one-out training rows; for --task rating the target
is the user's held-out test item.

  --data <path>        dataset folder or file (e.g. public/data/ml-latest-small)
  --user <id>          the dataset's own user id
  --task <task>        rank (listwise top-k), pair (A or B), rating (1-5), next (sequential),
                       pointwise (yes/no)
  --no-similar-user    leave out the most similar user's history
  --no-mf-hint         leave out the conventional model's ranking / prediction
  --candidates <n>     candidates for rank/next/pointwise (default 10)
  --k <n>              top-k for rank (default 3)
  --context <tokens>   context window the prompt must fit (default 4096, LLaMA-2)
  --seed <n>           seed for candidate shuffling and sampling (default 1)
  --mf-epochs <n>      epochs of MF trained on the spot for the similar user, candidates and
                       hints (default 10: mf-bpr, or mf-rating for --task rating); 0 uses cheap
                       stand-ins instead (cosine of rating vectors, popularity, item mean rating)

The header says which source each part came from.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      user: { type: 'string' },
      task: { type: 'string' },
      'no-similar-user': { type: 'boolean' },
      'no-mf-hint': { type: 'boolean' },
      candidates: { type: 'string' },
      k: { type: 'string' },
      context: { type: 'string' },
      seed: { type: 'string' },
      'mf-epochs': { type: 'string' },
    },
  });
  if (!values.data || !values.user || !values.task) {
    console.error(usage);
    return 2;
  }
  if (!(TASKS as readonly string[]).includes(values.task)) {
    throw new RecError('CONFIG_INVALID', `--task "${values.task}" is not a task; use one of ${TASKS.join(', ')}.`);
  }
  const task = values.task as Task;
  const candidateCount = wholeNumberFlag(values.candidates, 'candidates', 10, 2);
  const k = wholeNumberFlag(values.k, 'k', 3, 1);
  const contextWindow = wholeNumberFlag(values.context, 'context', 4096, 256);
  const seed = wholeNumberFlag(values.seed, 'seed', 1, 0);
  const mfEpochs = wholeNumberFlag(values['mf-epochs'], 'mf-epochs', 10, 0);
  const withSimilar = !values['no-similar-user'];
  const withHint = !values['no-mf-hint'];

  const dataset = await parseDatasetFromPath(values.data);
  const user = dataset.users.find((u) => u.id === values.user);
  if (!user) {
    const examples = dataset.users.slice(0, 3).map((u) => `"${u.id}"`).join(', ');
    throw new RecError('UNKNOWN_USER', `User "${values.user}" is not in ${dataset.name}; its ${dataset.users.length} user ids look like ${examples}.`);
  }
  const split = leaveOneOutByTime(dataset.interactions);
  const byUser = rowsByUser(dataset.interactions, dataset.users.length, split.train);
  const myRows = byUser[user.index] as Int32Array;
  const history = historyOf(dataset, myRows);
  const source =
    mfEpochs > 0 && (withSimilar || withHint || task !== 'rating')
      ? await mfSource(dataset, split, task === 'rating' ? 'mf-rating' : 'mf-bpr', mfEpochs)
      : standInSource(dataset, split);
  try {
    const header: string[] = [
      `# l4r prompt · prompt version ${PROMPT_VERSION} · task ${task}`,
      `# dataset ${dataset.name} · user ${user.id} · ${history.length} training interactions (leave-one-out by time)`,
      `# conventional model: ${source.describe}`,
    ];
    let similarUser: SimilarUserHistory | undefined;
    if (withSimilar) {
      const similar = await source.similarUser(user.index);
      if (similar) {
        const theirs = historyOf(dataset, byUser[similar.user] as Int32Array);
        similarUser = { history: task === 'rating' ? theirs.filter((e) => e.rating !== null) : theirs };
        header.push(`# similar user: ${dataset.users[similar.user]?.id} (similarity ${similar.similarity.toFixed(3)}: ${source.similarHow})`);
      } else header.push('# similar user: none found');
    } else header.push('# similar user: off (--no-similar-user)');

    const prompt = await buildFor(task, {
      source,
      user: user.index,
      seen: new Set(Array.from(myRows, (r) => dataset.interactions.item[r] as number)),
      history,
      similarUser,
      withHint,
      candidateCount,
      k,
      random: mulberry32(seed),
      itemOf: (i) => dataset.items[i] as ItemRecord,
      allItems: dataset.items.length,
      testItem: testItemOf(dataset.interactions, split.test, user.index),
      options: { contextWindow },
      header,
    });
    const { kept } = prompt;
    header.push(
      `# kept ${kept.history} of ${kept.historyGiven} history entries and ${kept.similarUser} of ${kept.similarUserGiven} similar-user entries to fit ${contextWindow} tokens`,
      `# estimated prompt tokens: ${prompt.estimatedTokens} (ASCII chars / 3.2 + UTF-8 bytes of other chars + 10 per message)`,
      ...(prompt.labels.length > 0 ? [`# candidate labels: ${prompt.labels.join(', ')}`] : []),
    );
    console.log(`${header.join('\n')}\n\n${renderMessages(prompt.messages)}`);
    return 0;
  } finally {
    source.dispose();
  }
}

function testItemOf(table: { user: Int32Array; item: Int32Array; rating: Float32Array }, testRows: Int32Array, user: number) {
  const row = Array.from(testRows).find((r) => table.user[r] === user);
  return row === undefined ? undefined : { item: table.item[row] as number, rated: !Number.isNaN(table.rating[row] as number) };
}

interface BuildContext {
  source: ConventionalSource;
  user: number;
  seen: Set<number>;
  history: ReturnType<typeof historyOf>;
  similarUser: SimilarUserHistory | undefined;
  withHint: boolean;
  candidateCount: number;
  k: number;
  random: () => number;
  itemOf: (index: number) => ItemRecord;
  allItems: number;
  testItem: { item: number; rated: boolean } | undefined;
  options: PromptOptions;
  header: string[];
}

function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

/** Candidate positions, best first, by the source's scores. */
async function ranking(c: BuildContext, candidates: number[]): Promise<number[]> {
  const scores = await c.source.scoreItems(c.user, candidates);
  return candidates.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

async function buildFor(task: Task, c: BuildContext): Promise<BuiltPrompt> {
  const { header, source, withHint, similarUser } = c;
  const hint = (what: string) => header.push(withHint ? `# conventional-model hint: ${what}` : '# conventional-model hint: off (--no-mf-hint)');
  const similar = similarUser ? { similarUser } : {};
  if (task === 'rating') {
    if (!c.testItem?.rated) {
      throw new RecError('CONFIG_INVALID', 'This user has no rated held-out test interaction to predict; pick a user with at least 2 rated interactions.');
    }
    header.push("# target: the user's held-out test item (latest interaction)");
    hint(source.ratingHow);
    const prediction = withHint ? await source.predictRating(c.user, c.testItem.item) : undefined;
    return buildRatingPrompt(
      {
        history: c.history.filter((entry) => entry.rating !== null),
        target: c.itemOf(c.testItem.item),
        ...similar,
        ...(prediction !== undefined ? { conventionalPrediction: prediction } : {}),
      },
      c.options,
    );
  }
  if (task === 'next') {
    const pool = Array.from({ length: c.allItems }, (_, i) => i).filter((i) => !c.seen.has(i));
    const candidates = shuffle(pool, c.random).slice(0, c.candidateCount);
    header.push(`# candidates: ${candidates.length} items sampled from those the user has not interacted with (as in the paper's sequential augmentation)`);
    hint(`ranking of the candidates by ${source.scoreHow}`);
    return buildNextItemPrompt(
      {
        history: c.history,
        candidates: candidates.map(c.itemOf),
        ...similar,
        ...(withHint ? { conventionalRanking: await ranking(c, candidates) } : {}),
      },
      c.options,
    );
  }
  const top = await source.topUnseen(c.user, c.candidateCount, c.seen);
  const candidates = shuffle([...top], c.random);
  if (task === 'pair') {
    const [a, b] = candidates as [number, number];
    header.push(`# pair: two of the top ${top.length} by ${source.candidatesHow}`);
    hint(`the one ranked higher by ${source.scoreHow}`);
    const order = await ranking(c, [a, b]);
    return buildPairPrompt(
      {
        history: c.history,
        itemA: c.itemOf(a),
        itemB: c.itemOf(b),
        ...similar,
        ...(withHint ? { conventionalPreferred: order[0] === 0 ? ('A' as const) : ('B' as const) } : {}),
      },
      c.options,
    );
  }
  header.push(`# candidates: the top ${candidates.length} by ${source.candidatesHow}, shuffled`);
  if (task === 'rank') {
    hint(`ranking of the candidates by ${source.scoreHow}`);
    return buildRankPrompt(
      {
        history: c.history,
        candidates: candidates.map(c.itemOf),
        k: Math.min(c.k, candidates.length),
        ...similar,
        ...(withHint ? { conventionalRanking: await ranking(c, candidates) } : {}),
      },
      c.options,
    );
  }
  hint(`position of the candidate among the ${candidates.length} by ${source.scoreHow}`);
  const position = (await ranking(c, candidates)).indexOf(0) + 1;
  return buildPointwisePrompt(
    {
      history: c.history,
      candidate: c.itemOf(candidates[0] as number),
      ...similar,
      ...(withHint ? { conventionalHint: { kind: 'rank' as const, position, of: candidates.length } } : {}),
    },
    c.options,
  );
}
