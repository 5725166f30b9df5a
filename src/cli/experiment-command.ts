/**
 * `l4r experiment --data <path> --llm <L>`: the paper's table in one command. Runs the paper's rows
 * (backbone alone, the LLM alone, Llama4Rec, without data augmentation, without prompt
 * augmentation, uniform α) for the ranking, rating or sequential ('next', SASRec) task over N
 * seeds through the loop (src/experiment/run-row.ts), α1, α2 grid-searched on validation in each
 * run, and writes JSON, Markdown, CSV and an SVG chart. An interrupted run continues where it
 * stopped (the run-state file in --out); every LLM answer is kept in an answer cache on disk, shared
 * by all rows, seeds and reruns.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG } from '../config.ts';
import { validateAlphaParams } from '../aggregate/long-tail.ts';
import type { Dataset } from '../data/types.ts';
import { RecError } from '../errors.ts';
import { runExperiment } from '../experiment/experiment-loop.ts';
import { PAPER_ROWS, type ExperimentSpec, type ExperimentTask } from '../experiment/experiment-types.ts';
import { duration } from '../experiment/progress-line.ts';
import { fingerprint } from '../experiment/run-state.ts';
import { runExperimentRow, type ExperimentSetup, type SeedModels } from '../experiment/run-row.ts';
import { REPORT_FILES, writeExperimentReports } from '../experiment/write-reports.ts';
import { diskCachedEngine } from '../llm/node/disk-answer-cache.ts';
import { defaultSequentialBudget } from '../loop/augment-loop.ts';
import { loopContext } from '../loop/loop-context.ts';
import { RERANK_VARIANTS, type RerankVariant } from '../loop/loop-llm.ts';
import { useBackend } from '../models/backend.ts';
import { heldOutOracle } from '../testing/held-out-oracle.ts';
import { parseCommandArgs } from './command-args.ts';
import { backboneFlag, backendName, datasetFromFlags, optionalNumber } from './eval-command.ts';
import { llmFromFlag, type LlmChoice } from './loop-eval-flags.ts';
import { wholeNumberFlag } from './whole-number-flag.ts';

const { loop: L, augmentation: A, training: T, lightgcn: G, sasrec: S } = DEFAULT_CONFIG;
const ROW_IDS = PAPER_ROWS.map((r) => r.id);
const RANKING_METRICS = ['HR@3', 'NDCG@3', 'HR@5', 'NDCG@5'];
const RATING_METRICS = ['RMSE', 'MAE'];
const DEFAULT_SEEDS = [1, 2, 3, 4, 5];

export const usage = `usage: l4r experiment --data <path> --llm <L> [options]

Runs the paper's rows over several seeds and writes the table (Markdown in the paper's layout:
mean ± sd, improvement over the backbone, * where a paired t-test gives p ≤ 0.05), a JSON of every
run, CSVs and an SVG chart into --out. α1, α2 are grid-searched on validation in each run (ranking
and next: NDCG@${L.tuneK}; rating: RMSE). Ranking runs both re-ranking variants and reports each and the
better (chosen per run on validation); next (SASRec, the LLM's next-item picks inserted into its
training sequences as data augmentation) re-ranks listwise. Run it again to continue an interrupted
experiment.

  --data <path>       dataset folder or file (e.g. public/data/ml-latest-small)
  --llm L             openai:<baseUrl>#<model> (an OpenAI-compatible server: vLLM, llama.cpp, …) or a
                      TEST DOUBLE: double:oracle (told each user's held-out item while re-ranking and
                      rating, never while augmenting) | double:random | double:prefers-first
  --task T            ranking (default) | rating | next (the sequential task: SASRec)
  --backbone B        mf (default) | lightgcn (ranking only); next runs sasrec (the only value it takes)
  --seeds LIST        seeds, e.g. 1,2,3 (default ${DEFAULT_SEEDS.join(',')}); or --runs N for seeds 1..N
  --rows LIST         which rows (default all): ${ROW_IDS.join(', ')}
  --rerank LIST       ranking variants (default listwise,pointwise; also pointwise-yes-no)
  --out DIR           reports and the run state (default l4r-experiments/<dataset>-<task>-<backbone>-<llm>-<settings hash>)
  --cache DIR         the answer cache (default l4r-experiments/answer-cache, shared by experiments)
  --restart           forget finished runs in --out and run everything again (the cache stays)
  --k-prime N         candidates the LLM re-ranks (default ${L.kPrime})
  --alpha1 X --alpha2 X   fixed α instead of the grid search on validation (an ablation of the tuning)
  --max-users N       evaluate the first N test users only (default all)
  --validation-users N  ask the LLM about the first N validation users when tuning α (default: --max-users)
  --aug-pairs N --aug-calls N   ranking: pair augmentation budget (default ${A.pairsPerUser}, ${A.maxCalls}); next: --aug-calls
                      next-item questions (default ${A.maxCalls}) of --aug-set-size candidates each (default ${A.sequentialSetSize})
  --attr-calls N      rating task: attribute augmentation calls (default ${A.attributeCalls})
  --epochs N --patience N   the backbone's (default MF ${T.epochs}/${T.patience}, LightGCN ${G.epochs}/${G.patience}, SASRec ${S.epochs}/${S.patience})
  --dim N --lr X --l2 X --batch N --layers N --validate-every N --max-len N   the backbone's
                      hyper-parameters (--layers: LightGCN; --validate-every: LightGCN, SASRec; --l2: MF,
                      LightGCN; --max-len: SASRec). A flag the task's model does not take is refused.
  --top-items N       keep only the N most-rated items (a proxy for a smaller catalogue)
  --backend B         wasm | cpu (default: the fastest available)
  --json              print the summary as JSON instead of the Markdown table`;

type Backbone = ExperimentSetup['backbone'];

/**
 * The flags that only some tasks or models take. One that would be ignored is refused instead: a
 * setting that silently does nothing would still be read as measured.
 */
const FLAG_SCOPES: Record<string, { tasks?: readonly ExperimentTask[]; backbones?: readonly Backbone[] }> = {
  'aug-pairs': { tasks: ['ranking'] },
  'aug-calls': { tasks: ['ranking', 'next'] },
  'aug-set-size': { tasks: ['next'] },
  'attr-calls': { tasks: ['rating'] },
  rerank: { tasks: ['ranking', 'next'] },
  l2: { backbones: ['mf', 'lightgcn'] },
  layers: { backbones: ['lightgcn'] },
  'validate-every': { backbones: ['lightgcn', 'sasrec'] },
  'max-len': { backbones: ['sasrec'] },
};

function refuseFlagsThatDoNotApply(given: Record<string, unknown>, task: ExperimentTask, backbone: Backbone): void {
  for (const [flag, scope] of Object.entries(FLAG_SCOPES)) {
    const applies = (!scope.tasks || scope.tasks.includes(task)) && (!scope.backbones || scope.backbones.includes(backbone));
    if (given[flag] === undefined || applies) continue;
    const takes = scope.tasks ? `--task ${scope.tasks.join(' or ')}` : `the ${scope.backbones!.map((b) => BACKBONE_NAMES[b]).join(' and ')} backbone${scope.backbones!.length > 1 ? 's' : ''}`;
    throw new RecError('CONFIG_INVALID', `--${flag} applies to ${takes} only; this run is --task ${task} with ${backboneTitle(task, backbone)}. Leave --${flag} out.`);
  }
}

function listFlag(text: string | undefined, flag: string): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new RecError('CONFIG_INVALID', `--${flag} takes a comma-separated list, got "${text}".`);
  return items;
}

function seedsFlag(seeds: string | undefined, runs: string | undefined): number[] {
  if (seeds !== undefined && runs !== undefined) throw new RecError('CONFIG_INVALID', 'Give --seeds or --runs, not both.');
  if (runs !== undefined) return Array.from({ length: wholeNumberFlag(runs, 'runs', 5, 1) }, (_, k) => k + 1);
  const list = listFlag(seeds, 'seeds')?.map(Number) ?? DEFAULT_SEEDS;
  if (list.some((s) => !Number.isInteger(s)) || new Set(list).size !== list.length) throw new RecError('CONFIG_INVALID', `--seeds must be distinct whole numbers, got "${seeds}".`);
  return list;
}

function taskFlag(text: string | undefined): ExperimentTask {
  if (text === undefined || text === 'ranking' || text === 'rating' || text === 'next') return text ?? 'ranking';
  throw new RecError('CONFIG_INVALID', `--task "${text}" is not a task; use ranking, rating or next.`);
}

/** The task's model: SASRec for 'next' (which refuses any other --backbone), else the ranking backbone (default mf). */
function experimentBackbone(task: ExperimentTask, text: string | undefined): ExperimentSetup['backbone'] {
  if (task === 'next') {
    if (text === undefined || text === 'sasrec') return 'sasrec';
    throw new RecError('CONFIG_INVALID', `--task next runs SASRec, the sequential model; --backbone "${text}" does not apply. Leave --backbone out or give --backbone sasrec.`);
  }
  return backboneFlag(text) ?? 'mf';
}

/** Model names in messages about flags (MF covers BPR-MF and the rating task's biased MF). */
const BACKBONE_NAMES: Record<Backbone, string> = { mf: 'MF', lightgcn: 'LightGCN', sasrec: 'SASRec' };

const BACKBONE_TITLES = { ranking: { mf: 'BPR-MF', lightgcn: 'LightGCN', sasrec: 'SASRec' }, rating: { mf: 'biased MF' } } as const;

function backboneTitle(task: ExperimentTask, backbone: ExperimentSetup['backbone']): string {
  if (task === 'rating') return BACKBONE_TITLES.rating.mf;
  return BACKBONE_TITLES.ranking[backbone];
}

function variantsFlag(text: string | undefined): RerankVariant[] {
  const list = listFlag(text, 'rerank') ?? ['listwise', 'pointwise'];
  const bad = list.find((v) => !(RERANK_VARIANTS as readonly string[]).includes(v));
  if (bad !== undefined) throw new RecError('CONFIG_INVALID', `--rerank "${bad}" is not a variant; use ${RERANK_VARIANTS.join(', ')}.`);
  return list as RerankVariant[];
}

/** The engine --llm names; an oracle knows the held-out split it is told to use, and ratings for the rating task. */
async function experimentLlm(text: string, dataset: Dataset, task: ExperimentTask): Promise<LlmChoice & Pick<ExperimentSetup, 'useTarget'>> {
  if (text === 'double:oracle') {
    const oracle = heldOutOracle(dataset, { tellRatings: task === 'rating' });
    const told = task === 'rating' ? 'held-out item and its rating' : 'held-out item';
    return { engine: oracle.engine, observeUser: oracle.observeUser, useTarget: oracle.useTarget, label: `TEST DOUBLE "oracle" (${oracle.double.modelId}; not a language model), told each user's ${told} of the split being scored` };
  }
  return llmFromFlag(text, dataset);
}

/** A file-name-safe slug: "openai:http://x/v1#llama-2" → "openai-http-x-v1-llama-2". */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-|-$/g, '');
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    llm: { type: 'string' },
    task: { type: 'string' },
    backbone: { type: 'string' },
    seeds: { type: 'string' },
    runs: { type: 'string' },
    rows: { type: 'string' },
    rerank: { type: 'string' },
    out: { type: 'string' },
    cache: { type: 'string' },
    restart: { type: 'boolean' },
    'k-prime': { type: 'string' },
    alpha1: { type: 'string' },
    alpha2: { type: 'string' },
    'max-users': { type: 'string' },
    'validation-users': { type: 'string' },
    'aug-pairs': { type: 'string' },
    'aug-calls': { type: 'string' },
    'attr-calls': { type: 'string' },
    epochs: { type: 'string' },
    patience: { type: 'string' },
    dim: { type: 'string' },
    lr: { type: 'string' },
    l2: { type: 'string' },
    batch: { type: 'string' },
    layers: { type: 'string' },
    'validate-every': { type: 'string' },
    'max-len': { type: 'string' },
    'aug-set-size': { type: 'string' },
    backend: { type: 'string' },
    'top-items': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.data === undefined || values.llm === undefined || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  const task = taskFlag(values.task);
  const backbone = experimentBackbone(task, values.backbone);
  if (task === 'rating' && backbone !== 'mf') throw new RecError('CONFIG_INVALID', "The rating task's model is biased MF; LightGCN ranks. Use --backbone mf with --task rating.");
  refuseFlagsThatDoNotApply(values, task, backbone);
  const seeds = seedsFlag(values.seeds, values.runs);
  const rowIds = listFlag(values.rows, 'rows') ?? ROW_IDS;
  const unknown = rowIds.find((r) => !(ROW_IDS as readonly string[]).includes(r));
  if (unknown !== undefined) throw new RecError('CONFIG_INVALID', `--rows "${unknown}" is not a row; use ${ROW_IDS.join(', ')}.`);
  if (!rowIds.includes('backbone')) throw new RecError('CONFIG_INVALID', '--rows must include backbone: the other rows are measured against it.');
  if (task === 'next' && values.rerank !== undefined && values.rerank !== 'listwise') throw new RecError('CONFIG_INVALID', `--task next re-ranks listwise only (the next-item question); leave --rerank out.`);
  const variants = task === 'ranking' ? variantsFlag(values.rerank) : [];
  const kPrime = wholeNumberFlag(values['k-prime'], 'k-prime', L.kPrime, 5);
  if ((values.alpha1 === undefined) !== (values.alpha2 === undefined)) throw new RecError('CONFIG_INVALID', 'Give both --alpha1 and --alpha2 to fix α, or neither to grid-search it.');
  const alpha = values.alpha1 === undefined ? undefined : { alpha1: optionalNumber(values.alpha1, '--alpha1')!, alpha2: optionalNumber(values.alpha2, '--alpha2')! };
  if (alpha) validateAlphaParams(alpha);
  const maxUsers = values['max-users'] === undefined ? undefined : wholeNumberFlag(values['max-users'], 'max-users', 0, 1);
  const validationUsers = values['validation-users'] === undefined ? maxUsers : wholeNumberFlag(values['validation-users'], 'validation-users', 0, 1);
  const augmentBudget = { pairsPerUser: wholeNumberFlag(values['aug-pairs'], 'aug-pairs', A.pairsPerUser, 1), maxCalls: wholeNumberFlag(values['aug-calls'], 'aug-calls', A.maxCalls, 0) };
  const attributeCalls = wholeNumberFlag(values['attr-calls'], 'attr-calls', A.attributeCalls, 0);
  const config = {
    dim: optionalNumber(values.dim, '--dim'),
    lr: optionalNumber(values.lr, '--lr'),
    l2: optionalNumber(values.l2, '--l2'),
    batchSize: optionalNumber(values.batch, '--batch'),
  };
  const defined = <O extends object>(o: O) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const epochs = optionalNumber(values.epochs, '--epochs');
  const patience = optionalNumber(values.patience, '--patience');
  const schedule = defined({ epochs, patience });
  const validateEvery = optionalNumber(values['validate-every'], '--validate-every');
  const mf = backbone === 'mf' ? { ...defined(config), ...schedule } : {};
  const lightgcn = backbone === 'lightgcn' ? { ...defined(config), ...schedule, ...defined({ layers: optionalNumber(values.layers, '--layers'), validateEvery }) } : {};
  const sasrec = backbone === 'sasrec' ? { ...defined(config), ...schedule, ...defined({ validateEvery, maxLen: optionalNumber(values['max-len'], '--max-len') }) } : {};
  const sequentialBudget = task === 'next' ? { ...defaultSequentialBudget(augmentBudget.maxCalls), setSize: wholeNumberFlag(values['aug-set-size'], 'aug-set-size', A.sequentialSetSize, 2) } : undefined;
  if (values.backend !== undefined) await useBackend(backendName(values.backend));

  const dataset = await datasetFromFlags(values.data, values['top-items']);
  const llm = await experimentLlm(values.llm, dataset, task);
  const { engine, load } = await diskCachedEngine(llm.engine, resolve(values.cache ?? join('l4r-experiments', 'answer-cache')));
  await engine.load();
  const spec: ExperimentSpec = {
    title: `Llama4Rec on ${dataset.name} (${task === 'next' ? 'next item' : task}, ${backboneTitle(task, backbone)} backbone)`,
    dataset: dataset.name,
    task,
    backbone,
    llm: llm.label,
    rows: PAPER_ROWS.filter((r) => rowIds.includes(r.id)).map((r) => ({ id: r.id, label: r.label })),
    seeds,
    metrics: task === 'rating' ? RATING_METRICS : RANKING_METRICS,
    ...(variants.length > 0 ? { variants } : {}),
    settings: {
      kPrime,
      maxUsers: maxUsers ?? 'all',
      validationUsers: validationUsers ?? 'all',
      augPairs: augmentBudget.pairsPerUser,
      augCalls: augmentBudget.maxCalls,
      attrCalls: attributeCalls,
      tuneK: L.tuneK,
      ...(alpha ? { alpha1: alpha.alpha1, alpha2: alpha.alpha2 } : {}),
      ...(sequentialBudget ? { augSetSize: sequentialBudget.setSize, augSetsPerUser: sequentialBudget.setsPerUser } : {}),
      ...Object.fromEntries(Object.entries({ ...mf, ...lightgcn, ...sasrec }).map(([k, v]) => [k, Number(v)])),
    },
  };
  // The same command (the same spec) finds its own directory again; other settings get another one.
  const root = resolve('l4r-experiments');
  const id = createHash('sha256').update(fingerprint(spec)).digest('hex').slice(0, 8);
  const out = resolve(values.out ?? join(root, slug(`${dataset.name}-${task}-${backbone}-${values.llm}-${id}`)));
  const setup: ExperimentSetup = {
    dataset,
    ctx: loopContext(dataset),
    task,
    backbone,
    engine,
    answerCounts: () => ({ hits: engine.hits, misses: engine.misses }),
    ...(llm.observeUser ? { observeUser: llm.observeUser } : {}),
    ...(llm.useTarget ? { useTarget: llm.useTarget } : {}),
    variants,
    kPrime,
    metrics: spec.metrics,
    tuneK: L.tuneK,
    ...(alpha ? { alpha } : {}),
    mf,
    lightgcn,
    sasrec,
    augmentBudget,
    ...(sequentialBudget ? { sequentialBudget } : {}),
    attributeBudget: { maxCalls: attributeCalls, tailUsers: Math.ceil(dataset.users.length * A.attributeTailShare) },
    ...(maxUsers === undefined ? {} : { maxUsers }),
    ...(validationUsers === undefined ? {} : { validationUsers }),
    models: new Map() as SeedModels,
  };
  const stateFile = join(out, 'state.json');
  await mkdir(out, { recursive: true });
  if (values.restart) await rm(stateFile, { force: true });
  console.error(`l4r experiment: ${spec.title}; LLM: ${llm.label}; ${spec.rows.length} rows × ${seeds.length} seeds; reports in ${out}`);
  console.error(`answer cache: ${load.answers} answers on disk${load.skippedLines > 0 ? ` (${load.skippedLines} torn lines skipped)` : ''}`);
  const started = performance.now();
  const { runs, resumed, ran } = await runExperiment(spec, { stateFile, runOne: (row, seed) => runExperimentRow(setup, row, seed), onProgress: (line) => console.error(line) });
  const { summary, files } = await writeExperimentReports(out, spec, runs);
  const asked = engine.hits + engine.misses;
  const cacheLine =
    `answer cache this session: ${engine.hits} of ${asked} questions answered from the cache` +
    (asked > 0 ? ` (hit rate ${((engine.hits / asked) * 100).toFixed(1)}%)` : '') +
    `; LLM calls made: ${engine.misses}`;
  if (values.json) {
    console.log(JSON.stringify({ out, resumed, ran, seconds: Number(((performance.now() - started) / 1000).toFixed(1)), cache: { hits: engine.hits, misses: engine.misses }, summary }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1));
  } else {
    console.log(await readFile(join(out, REPORT_FILES.markdown), 'utf8'));
    console.log(`${ran} runs this session (${resumed} resumed from ${stateFile}), ${duration((performance.now() - started) / 1000)}; ${cacheLine}`);
    console.log(`written: ${files.map((f) => f.slice(out.length + 1)).join(', ')}`);
  }
  return 0;
}
