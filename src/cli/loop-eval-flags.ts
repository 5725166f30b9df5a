/**
 * The loop switches of `l4r eval` (issue 5 §6): `--llm` turns the evaluation into a run of the
 * whole Llama4Rec loop (data augmentation → MF on D ∪ D_aug → LLM re-ranking → per-user blend),
 * and `--no-data-aug`, `--no-prompt-aug`, `--aggregation` switch its parts off for the ablation
 * table. With `--model sasrec` the same for the sequential task (next-item picks inserted into
 * SASRec's sequences → SASRec → next-item re-ranking → blend). Kept apart from eval-command.ts,
 * which only delegates here when `--llm` is given.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { AggregationMode } from '../aggregate/aggregation-mode.ts';
import { AGGREGATION_MODES } from '../aggregate/aggregation-mode.ts';
import type { Dataset } from '../data/types.ts';
import { RecError } from '../errors.ts';
import { formatReport } from '../eval/format.ts';
import type { LoopEvalReport, LoopSwitches } from '../loop/loop-eval.ts';
import { runLoop, type LoopRunOptions, type LoopRunReport } from '../loop/loop-run.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { attributeMode, DEFAULT_ATTRIBUTE_MODE, formatKinds } from '../models/item-features.ts';
import type { LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import type { RankingBackbone } from '../models/trained-checkpoint.ts';
import type { SasRecOptions } from '../training/train-task.ts';
import { createDoubleEngine } from '../testing/double-engines.ts';
import { heldOutOracle } from '../testing/held-out-oracle.ts';
import { engineFromSpec } from '../workers/engine-spec.ts';
import { RERANK_VARIANTS, type RerankVariant } from '../loop/loop-llm.ts';

/** parseArgs option table of the loop flags, spread into eval-command's. */
export const LOOP_FLAGS = {
  llm: { type: 'string' },
  'no-data-aug': { type: 'boolean' },
  'no-prompt-aug': { type: 'boolean' },
  aggregation: { type: 'string' },
  'uniform-alpha': { type: 'string' },
  alpha1: { type: 'string' },
  alpha2: { type: 'string' },
  'k-prime': { type: 'string' },
  'max-users': { type: 'string' },
  'aug-pairs': { type: 'string' },
  'aug-calls': { type: 'string' },
  'aug-set-size': { type: 'string' },
  'no-rating': { type: 'boolean' },
  attributes: { type: 'string' },
  'attr-calls': { type: 'string' },
  rerank: { type: 'string' },
} as const;

const { loop: L, augmentation: A, cli: CLI } = DEFAULT_CONFIG;

export const LOOP_USAGE = `
The whole loop (when --llm is given; --model is then not needed: the backbone ranks, BPR-MF unless
--backbone lightgcn, and biased MF rates; with --model sasrec the sequential task instead: the LLM's
next-item picks inserted into SASRec's training sequences, SASRec's top-k' re-ranked with the
next-item question, blended by α_u; no rating task):
  --llm L           double:oracle | double:random | double:prefers-first (TEST DOUBLES, labelled as such;
                    the oracle is told each user's held-out item) | openai:<baseUrl>#<model>
                    (an OpenAI-compatible server, e.g. openai:http://localhost:8080/v1#llama-2-7b-chat)
  --no-data-aug     no data augmentation of either task: the backbone trains on D only (no LLM-augmented
                    pairs) and the rating model uses no LLM-filled attributes (dataset+llm acts as dataset);
                    sasrec: no items inserted into its sequences
  --no-prompt-aug   LLM prompts without the similar user's history and MF's (SASRec's) ranking/rating
  --aggregation A   adaptive (default) | uniform | mf-only | llm-only
  --uniform-alpha X α for --aggregation uniform (default ${L.uniformAlpha})
  --alpha1 X --alpha2 X   α_u parameters (default ${CLI.alpha.alpha1}, ${CLI.alpha.alpha2})
  --k-prime N       MF candidates the LLM re-ranks (default ${L.kPrime})
  --max-users N     evaluate the first N test users only (LLM calls cost time)
  --aug-pairs N     augmentation: pairs per user (default ${A.pairsPerUser})
  --aug-calls N     augmentation: LLM calls in total (default ${A.maxCalls}), long-tail users first
  --aug-set-size K  sasrec: un-interacted items per next-item question (default ${A.sequentialSetSize}; one question per user)
  --rerank V        listwise (one LLM call per user, default) | pointwise (the LLM rates each candidate,
                    one call each, sorted by its rating) | pointwise-yes-no (P(Yes) per candidate)
  --no-rating       skip the rating task (RMSE/MAE)
  --attributes A    item attributes of the rating model: none | dataset (default) | dataset+llm (the LLM
                    first fills directors and stars of the items the least active fifth of users rated;
                    a test double's names are made up from the title's first word)
  --attr-calls N    dataset+llm: LLM calls for attributes, one per item (default ${A.attributeCalls})`;

type Flags = { [K in keyof typeof LOOP_FLAGS]?: (typeof LOOP_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

export interface LlmChoice {
  engine: LlmEngine;
  /** For the oracle: tell it whose turn it is. */
  observeUser?: (user: number) => void;
  label: string;
}

function number(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new RecError('CONFIG_INVALID', `${flag} takes a number, got "${text}".`);
  return value;
}

/** Builds the engine `--llm` names. */
export async function llmFromFlag(text: string, dataset: Dataset): Promise<LlmChoice> {
  const [kind, rest = ''] = text.split(/:(.*)/s);
  if (kind === 'double') {
    const doubleLabel = (name: string) => `TEST DOUBLE "${name}" (test-double/${name}; not a language model)`;
    if (rest === 'oracle') {
      const oracle = heldOutOracle(dataset, { tellRatings: true });
      return { engine: oracle.engine, observeUser: oracle.observeUser, label: `${doubleLabel('oracle')}, told each user's held-out test item and its rating` };
    }
    if (rest === 'random') return { engine: createDoubleEngine({ script: 'random-seeded' }), label: doubleLabel('random-seeded') };
    if (rest === 'prefers-first') return { engine: createDoubleEngine({ script: 'prefers-first' }), label: doubleLabel('prefers-first') };
  } else if (kind === 'openai') {
    const hash = rest.lastIndexOf('#');
    if (hash > 0 && hash < rest.length - 1) {
      const spec = { kind: 'openai-http' as const, baseUrl: rest.slice(0, hash), model: rest.slice(hash + 1) };
      return { engine: await engineFromSpec(spec), label: `${spec.model} at ${spec.baseUrl} (OpenAI-compatible)` };
    }
  }
  throw new RecError('CONFIG_INVALID', `--llm "${text}" is not an LLM; use double:oracle, double:random, double:prefers-first or openai:<baseUrl>#<model>.`);
}

export function rerankFlag(text: string | undefined): RerankVariant {
  if (text === undefined) return DEFAULT_CONFIG.loop.rerank;
  const variant = RERANK_VARIANTS.find((v) => v === text);
  if (variant) return variant;
  throw new RecError('CONFIG_INVALID', `--rerank "${text}" is not a variant; use ${RERANK_VARIANTS.join(', ')}.`);
}

export function loopSwitches(flags: Flags): LoopSwitches {
  const aggregation = (flags.aggregation ?? 'adaptive') as AggregationMode;
  if (!AGGREGATION_MODES.includes(aggregation)) {
    throw new RecError('CONFIG_INVALID', `--aggregation "${flags.aggregation}" is not a mode; use ${AGGREGATION_MODES.join(', ')}.`);
  }
  const switches: LoopSwitches = { dataAugmentation: !flags['no-data-aug'], promptAugmentation: !flags['no-prompt-aug'], aggregation };
  if (flags['uniform-alpha'] !== undefined) switches.uniformAlpha = number(flags['uniform-alpha'], '--uniform-alpha', L.uniformAlpha);
  return switches;
}

/** How the loop's models train, from eval's flags: they set the backbone's hyper-parameters (the rating model keeps MF's defaults but the epochs). */
export interface LoopTraining {
  config: Partial<LightGcnConfig>;
  /** Undefined: the backbone's default. */
  epochs?: number | undefined;
  patience?: number | undefined;
  backbone?: RankingBackbone;
  /** LightGCN only. */
  lightgcn?: { layers?: number | undefined; validateEvery?: number | undefined };
  /** 'next': the sequential task with SASRec (its whole configuration in `sasrec`; `config` unused). */
  task?: 'ranking' | 'next';
  sasrec?: { [K in keyof SasRecOptions]?: SasRecOptions[K] | undefined };
}

/** runLoop's training options for `training`. */
export function loopTrainingOptions(training: LoopTraining): Pick<LoopRunOptions, 'mf' | 'epochs' | 'patience' | 'backbone' | 'lightgcn' | 'task' | 'sasrec'> {
  const { config, epochs, patience } = training;
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
  if (training.task === 'next') return { task: 'next', sasrec: defined({ ...training.sasrec, epochs, patience }) };
  if (training.backbone !== 'lightgcn') {
    const { layers: _layers, ...mf } = config;
    return { mf: defined(mf), ...defined({ epochs, patience }) };
  }
  return { backbone: 'lightgcn', lightgcn: defined({ ...config, ...training.lightgcn, epochs, patience }) };
}

/** Runs the loop for `l4r eval --llm …`; prints tables (or JSON) and returns the exit code. */
export async function runLoopEval(dataset: Dataset, flags: Flags, training: LoopTraining, json: boolean): Promise<number> {
  const switches = loopSwitches(flags);
  const llm = await llmFromFlag(flags.llm!, dataset);
  await llm.engine.load();
  const started = performance.now();
  const report = await runLoop({
    dataset,
    engine: llm.engine,
    observeUser: llm.observeUser,
    switches,
    alpha: { alpha1: number(flags.alpha1, '--alpha1', CLI.alpha.alpha1), alpha2: number(flags.alpha2, '--alpha2', CLI.alpha.alpha2) },
    kPrime: number(flags['k-prime'], '--k-prime', L.kPrime),
    ...(flags['max-users'] !== undefined ? { maxUsers: number(flags['max-users'], '--max-users', 0) } : {}),
    augmentBudget: { pairsPerUser: number(flags['aug-pairs'], '--aug-pairs', A.pairsPerUser), maxCalls: number(flags['aug-calls'], '--aug-calls', A.maxCalls) },
    sequentialBudget: {
      setSize: number(flags['aug-set-size'], '--aug-set-size', A.sequentialSetSize),
      setsPerUser: A.sequentialSetsPerUser,
      maxCalls: number(flags['aug-calls'], '--aug-calls', A.maxCalls),
    },
    rating: !flags['no-rating'] && training.task !== 'next',
    attributes: attributeMode(flags.attributes ?? DEFAULT_ATTRIBUTE_MODE),
    attributeBudget: { maxCalls: number(flags['attr-calls'], '--attr-calls', A.attributeCalls) },
    variant: rerankFlag(flags.rerank),
    ...loopTrainingOptions(training),
  });
  const seconds = (performance.now() - started) / 1000;
  if (json) console.log(JSON.stringify({ dataset: dataset.name, llmLabel: llm.label, seconds: Number(seconds.toFixed(1)), ...report }, null, 2));
  else console.log(formatLoopReport(dataset.name, llm.label, report, seconds));
  return 0;
}

/** What the named doubles answer to a rating prompt (double-engines.ts). */
const DOUBLE_RATINGS = 'prefers-first: 3; random: a seeded digit; oracle: the held-out rating';

export const BACKBONE_NAMES: Record<RankingBackbone | 'sasrec', string> = { mf: 'BPR-MF', lightgcn: 'LightGCN', sasrec: 'SASRec' };

export function describeSwitches(s: LoopSwitches): string {
  const aggregation = s.aggregation === 'uniform' ? `uniform (α ${s.uniformAlpha ?? L.uniformAlpha})` : s.aggregation;
  return `data augmentation ${s.dataAugmentation ? 'on' : 'off'}, prompt augmentation ${s.promptAugmentation ? 'on' : 'off'}, aggregation ${aggregation}`;
}

export function formatLoopReport(datasetName: string, llmLabel: string, report: LoopRunReport, seconds: number): string {
  const r: LoopEvalReport = report;
  const aug = report.augmentation;
  const lines = [
    `Llama4Rec loop on ${datasetName}: ${describeSwitches(r.switches)}`,
    `LLM: ${llmLabel}`,
    `α1 ${r.alpha.alpha1}, α2 ${r.alpha.alpha2}, k' ${r.kPrime}; ${seconds.toFixed(1)} s`,
    aug
      ? r.task === 'next'
        ? `data augmentation: ${aug.calls} next-item LLM calls for ${aug.users} users, ${report.augmentedTriples} picked items inserted into SASRec's training sequences`
        : `data augmentation: ${aug.calls} LLM calls for ${aug.users} users, ${report.augmentedTriples} pairs added to every BPR epoch`
      : 'data augmentation: off',
    `${BACKBONE_NAMES[report.training.backbone]}: ${report.training.epochsRun} epochs` +
      (Number.isFinite(report.training.bestValidation) ? `, best ${report.training.bestEpoch} (validation NDCG@10 ${report.training.bestValidation.toFixed(4)})` : ' (no validation)'),
    `re-ranking: ${r.ranking.llmCalls} LLM calls, ${r.ranking.skipped} users skipped (α_u too small to change their list)`,
    '',
    formatReport(r.task === 'next' ? "next item (SASRec's top-k' blended with the LLM's next-item order)" : "ranking (blended top-k')", { ...r.ranking, target: 'test' }),
  ];
  if (r.rating) {
    const doubleNote = r.llm?.kind === 'test-double' ? `; a test double's ratings are scripted (${DOUBLE_RATINGS})` : '';
    const a = report.attributes;
    const filled = a?.augmentation ? `; ${a.augmentation.calls} LLM calls filled ${a.augmentation.written} attributes` : '';
    const attributeLines = a ? [`biased MF item attributes ${a.summary.mode}: ${a.summary.values} values (${formatKinds(a.summary.byKind)})${filled}`] : [];
    lines.push('', ...attributeLines, `rating: ${r.rating.llmCalls} LLM calls, ${r.rating.skipped} skipped (α_u = 0)${doubleNote}`, formatReport('rating (blended)', { ...r.rating, target: 'test' }));
  }
  return lines.join('\n');
}
