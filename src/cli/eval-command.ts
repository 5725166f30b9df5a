/**
 * `l4r eval --data <path> --model mf-bpr|mf-rating|lightgcn|sasrec` (or `--backbone mf|lightgcn`):
 * trains a model on a leave-one-out-by-time split with early stopping on the validation split, then
 * reports the test metrics (overall and per user-activity group) beside the popularity baseline.
 * SASRec (the sequential task) reads each user's training sequence, plus the validation item for
 * the test item (src/eval/sequential-eval.ts).
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { writeFile } from 'node:fs/promises';
import { parseCommandArgs } from './command-args.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { restrictToTopItems } from '../data/top-items.ts';
import type { Dataset } from '../data/types.ts';
import { wholeNumberFlag } from './whole-number-flag.ts';
import { RecError } from '../errors.ts';
import { evaluatePopularity } from '../eval/baseline.ts';
import { evaluateRanking, evaluateRating } from '../eval/evaluate.ts';
import { evaluateSasRec } from '../eval/sequential-eval.ts';
import { formatReport, reportSummary } from '../eval/format.ts';
import { ratingByItemPopularity } from '../eval/item-popularity.ts';
import { attributeMode, DEFAULT_ATTRIBUTE_MODE, describeItemFeatures, formatKinds, itemFeatures as itemFeaturesOf } from '../models/item-features.ts';
import { chooseBackend, useBackend, type BackendName } from '../models/backend.ts';
import type { LightGcnConfig } from '../models/lightgcn/lightgcn-config.ts';
import { DEFAULT_MF_CONFIG, MODEL_DEFAULTS } from '../models/mf-config.ts';
import type { SasRec } from '../models/sasrec/sasrec.ts';
import { SASREC_WINDOWS, type SasRecConfig, type SasRecWindows } from '../models/sasrec/sasrec-config.ts';
import { isRankingBackbone, rankingKind, type RankingBackbone, type TrainedKind } from '../models/trained-checkpoint.ts';
import { trainModel } from '../training/train-model.ts';
import { LOOP_FLAGS, LOOP_USAGE, runLoopEval } from './loop-eval-flags.ts';
import { splitJson } from './split-json.ts';

const d = DEFAULT_MF_CONFIG;
const T = DEFAULT_CONFIG.training;
const G = DEFAULT_CONFIG.lightgcn;
const S = DEFAULT_CONFIG.sasrec;
export const usage = `usage: l4r eval --data <path> --model mf-bpr|mf-rating|lightgcn|sasrec [options] [--json]

Trains a model on a leave-one-out-by-time split (each user's latest interaction is the test
item, the one before it validation), stops early on validation NDCG@10 (mf-bpr, lightgcn, sasrec)
or RMSE (mf-rating), and reports test HR@k/NDCG@k or RMSE/MAE, overall and per user-activity group,
beside the popularity baseline.

  --data <path>     dataset folder or file (e.g. public/data/ml-latest-small)
  --model M         mf-bpr (top-k, BPR loss), lightgcn (top-k, LightGCN with BPR), mf-rating
                    (biased MF, squared error) or sasrec (the next item: SASRec reads each user's
                    sequence in time order; for the test item the training items and the validation item)
  --backbone B      mf | lightgcn: the ranking model (same as --model mf-bpr | lightgcn; with --llm,
                    the backbone the loop trains and the LLM re-ranks; default mf)
  --dim N           latent dimension (default ${d.dim}; lightgcn ${G.dim})
  --epochs N        maximum epochs (default ${T.epochs}; lightgcn ${G.epochs})
  --patience N      stop after N validations without improvement (default ${T.patience}; lightgcn ${G.patience}; 0 = never)
  --lr X            Adam learning rate (default ${d.lr}; lightgcn ${G.lr})
  --batch N         batch size (default ${d.batchSize}; lightgcn ${G.batchSize})
  --l2 X            L2 weight (default ${d.l2} for mf-bpr, ${MODEL_DEFAULTS['mf-rating'].l2} for mf-rating, ${G.l2} for lightgcn)
  --seed N          random seed (default ${d.seed})
  --layers N        lightgcn: propagation layers (default ${G.layers})
  --validate-every N  lightgcn, sasrec: epochs between validations (default ${G.validateEvery}, ${S.validateEvery}; MF validates every epoch)
  --max-len N --blocks N --heads N --dropout X --negatives N --windows last|all
                    sasrec: the model (defaults ${S.maxLen}, ${S.blocks}, ${S.heads}, ${S.dropout}, ${S.negatives}, ${S.windows};
                    its --dim, --epochs, --patience, --lr, --batch default to ${S.dim}, ${S.epochs}, ${S.patience}, ${S.lr}, ${S.batchSize})
  --attributes A    mf-rating: item attributes the model uses (feature-aware biased MF):
                    none | dataset (genres and dataset-provided attributes; default) | dataset+llm
                    (also LLM-filled values; files hold none: with --llm the loop has the LLM fill them)
  --backend B       wasm or cpu (default: the fastest available)
  --top-items N     keep only the N most-rated items (a proxy for a smaller catalogue: ML-100K has 1,682)
  --export-split F  also write the split as JSON to F (for bench/reference_bpr.py)
  --json            print JSON instead of tables
${LOOP_USAGE}`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    model: { type: 'string' },
    dim: { type: 'string' },
    backbone: { type: 'string' },
    layers: { type: 'string' },
    'validate-every': { type: 'string' },
    'max-len': { type: 'string' },
    blocks: { type: 'string' },
    heads: { type: 'string' },
    dropout: { type: 'string' },
    negatives: { type: 'string' },
    windows: { type: 'string' },
    epochs: { type: 'string' },
    patience: { type: 'string' },
    lr: { type: 'string' },
    batch: { type: 'string' },
    l2: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    'export-split': { type: 'string' },
    'top-items': { type: 'string' },
    json: { type: 'boolean' },
    // --attributes is one of them: the loop's rating model takes it too.
    ...LOOP_FLAGS,
  });
  if (values.data === undefined || (values.model === undefined && values.backbone === undefined && values.llm === undefined) || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  const backbone = backboneFlag(values.backbone);
  const config: Partial<LightGcnConfig> = {
    dim: optionalNumber(values.dim, '--dim'),
    lr: optionalNumber(values.lr, '--lr'),
    batchSize: optionalNumber(values.batch, '--batch'),
    l2: optionalNumber(values.l2, '--l2'),
    seed: optionalNumber(values.seed, '--seed'),
  };
  const epochs = optionalNumber(values.epochs, '--epochs');
  const patience = optionalNumber(values.patience, '--patience');
  const validateEvery = optionalNumber(values['validate-every'], '--validate-every');
  const lightgcn = { layers: optionalNumber(values.layers, '--layers'), validateEvery };
  // Checked here, as the loop (--llm) needs no --model but must refuse a wrong one.
  const sequential = values.model !== undefined && modelKind(values.model, backbone) === 'sasrec';
  const sasrec = sasrecFlags(values, sequential);
  if (sequential && (values.l2 !== undefined || values.layers !== undefined)) {
    throw new RecError('CONFIG_INVALID', `--${values.l2 !== undefined ? 'l2' : 'layers'} does not apply to --model sasrec (it has no L2 term and no graph).`);
  }
  if (values.llm !== undefined) {
    // The whole Llama4Rec loop with its ablation switches (loop-eval-flags.ts); --model sasrec runs the sequential task.
    if (values.backend !== undefined) await useBackend(backendName(values.backend));
    const training = sequential
      ? { config: {}, epochs, patience, task: 'next' as const, sasrec: { ...withoutL2(config), ...sasrec, validateEvery } }
      : { config, epochs, patience, backbone: backbone ?? 'mf', lightgcn };
    return runLoopEval(await datasetFromFlags(values.data, values['top-items']), values, training, values.json === true);
  }
  const kind = modelKind(values.model, backbone);
  if (kind !== 'mf-rating' && values.attributes !== undefined) {
    throw new RecError('CONFIG_INVALID', `--attributes applies to --model mf-rating only (${kind} uses no item attributes).`);
  }
  const every = validateEvery === undefined ? {} : { validateEvery };
  const schedule =
    kind === 'sasrec'
      ? { config: { ...withoutL2(config), ...sasrec }, epochs: epochs ?? S.epochs, patience: patience ?? S.patience, ...every }
      : kind === 'lightgcn'
        ? { config: { ...config, layers: lightgcn.layers }, epochs: epochs ?? G.epochs, patience: patience ?? G.patience, ...every }
        : { config, epochs: epochs ?? T.epochs, patience: patience ?? T.patience };
  const mode = attributeMode(values.attributes ?? DEFAULT_ATTRIBUTE_MODE);
  const backend = values.backend === undefined ? await chooseBackend() : await useBackend(backendName(values.backend));

  const dataset = await datasetFromFlags(values.data, values['top-items']);
  const table = dataset.interactions;
  const split = leaveOneOutByTime(table);
  if (values['export-split']) await writeFile(values['export-split'], JSON.stringify(splitJson(dataset, split)));
  const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };

  const started = performance.now();
  const itemFeatures = kind === 'mf-rating' ? itemFeaturesOf(dataset.items, mode) : undefined;
  const { model, result, validationMetric } = await trainModel(table, split, dims, { kind, ...schedule, ...(itemFeatures ? { itemFeatures } : {}) });
  // Epochs, not validation rounds (LightGCN validates every few).
  const epochsRun = result.history.at(-1)?.epoch ?? 0;
  const totalSeconds = (performance.now() - started) / 1000;
  try {
    const rating = kind === 'mf-rating' ? await evaluateRating(model, table, split, { target: 'test' }) : null;
    const ranking = kind === 'sasrec' ? evaluateSasRec(model as SasRec, table, split, { target: 'test' }) : evaluateRanking(model, table, split, { target: 'test' });
    const report = rating ?? (await ranking);
    const baseline = await evaluatePopularity(table, split, dims, { target: 'test' });
    const popularity = kind === 'mf-rating' ? baseline.rating : baseline.ranking;
    // Rating: the same errors by how many training ratings the held-out item has (cold items are where attributes matter).
    const byItem = rating && {
      model: ratingByItemPopularity(rating, table, split, dims.numItems),
      popularity: baseline.rating && ratingByItemPopularity(baseline.rating, table, split, dims.numItems),
    };
    const features = itemFeatures && describeItemFeatures(itemFeatures, dataset.items);
    const training = {
      backend: backend.backend,
      skippedBackends: backend.skipped,
      // How the training steps ran (the SIMD kernel, the JS reference or tensor ops), and why not the kernel.
      step: model.lastStep,
      config: model.config,
      epochsRun,
      bestEpoch: result.bestEpoch,
      stoppedEarly: result.stoppedEarly,
      validationMetric,
      bestValidation: result.bestValidation,
      trainSeconds: round(result.trainSeconds),
      secondsPerEpoch: round(result.trainSeconds / Math.max(1, epochsRun)),
      totalSecondsWithValidation: round(totalSeconds),
      history: result.history.map((h) => ({ epoch: h.epoch, loss: round(h.loss, 5), seconds: round(h.seconds), validation: h.validation })),
    };
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            dataset: dataset.name,
            model: kind,
            ...(features ? { attributes: features } : {}),
            training,
            test: reportSummary(report),
            popularity: popularity && reportSummary(popularity),
            ...(byItem ? { byItemPopularity: byItem } : {}),
          },
          null,
          2,
        ),
      );
    } else {
      console.log(
        `${kind} on ${dataset.name} (${backend.backend}, step ${model.lastStep?.path ?? 'none'}): ${epochsRun} epochs` +
          `${result.stoppedEarly ? ' (stopped early)' : ''}, best epoch ${result.bestEpoch} ` +
          `(validation ${validationMetric} ${result.bestValidation.toFixed(4)}), training ${training.trainSeconds} s ` +
          `(${training.secondsPerEpoch} s/epoch), ${training.totalSecondsWithValidation} s with validation` +
          (features ? `\nattributes ${features.mode}: ${features.values} values (${formatKinds(features.byKind)}) on ${features.items} items, ${features.llmValues} from an LLM` : '') +
          '\n',
      );
      console.log(formatReport(`${kind}: leave-one-out by time, ${kind === 'mf-rating' ? 'held-out ratings' : 'full ranking'}`, report));
      if (popularity) console.log(`\n${formatReport('popularity baseline', popularity)}`);
      if (byItem) {
        const n = report.users;
        console.log(`\n${formatReport(`${kind} by item popularity (training ratings of the held-out item)`, { ...byItem.model, users: n, target: 'test' })}`);
        if (byItem.popularity) console.log(`\n${formatReport('popularity baseline by item popularity', { ...byItem.popularity, users: n, target: 'test' })}`);
      }
    }
    return 0;
  } finally {
    model.dispose();
  }
}

/** The dataset at `path`, cut to its `--top-items` most-rated items when the flag is given. */
export async function datasetFromFlags(path: string, topItems: string | undefined): Promise<Dataset> {
  const dataset = await parseDatasetFromPath(path);
  return topItems === undefined ? dataset : restrictToTopItems(dataset, wholeNumberFlag(topItems, 'top-items', 0, 1));
}

/** `--backbone mf|lightgcn`, or undefined when not given. */
export function backboneFlag(text: string | undefined): RankingBackbone | undefined {
  if (text === undefined || isRankingBackbone(text)) return text;
  throw new RecError('CONFIG_INVALID', `--backbone "${text}" is not a backbone; use mf or lightgcn.`);
}

/** SASRec's own flags; CONFIG_INVALID when they are given for another model. */
function sasrecFlags(values: Record<string, unknown>, sequential: boolean): Partial<SasRecConfig> {
  const text = (flag: string) => values[flag] as string | undefined;
  const given = ['max-len', 'blocks', 'heads', 'dropout', 'negatives', 'windows'].filter((flag) => text(flag) !== undefined);
  if (!sequential) {
    if (given.length > 0) throw new RecError('CONFIG_INVALID', `--${given[0]} applies to --model sasrec only.`);
    return {};
  }
  const windows = text('windows');
  if (windows !== undefined && !(SASREC_WINDOWS as readonly string[]).includes(windows)) {
    throw new RecError('CONFIG_INVALID', `--windows "${windows}" is not a choice; use ${SASREC_WINDOWS.join(' or ')}.`);
  }
  const numbers = {
    maxLen: optionalNumber(text('max-len'), '--max-len'),
    blocks: optionalNumber(text('blocks'), '--blocks'),
    heads: optionalNumber(text('heads'), '--heads'),
    dropout: optionalNumber(text('dropout'), '--dropout'),
    negatives: optionalNumber(text('negatives'), '--negatives'),
  };
  return Object.fromEntries(Object.entries({ ...numbers, windows: windows as SasRecWindows | undefined }).filter(([, v]) => v !== undefined));
}

/** MF's shared flags as SASRec's (which has no L2 term), undefined ones left out. */
function withoutL2(config: Partial<LightGcnConfig>): Partial<SasRecConfig> {
  const { l2: _l2, layers: _layers, initStd: _initStd, ...rest } = config;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

/** The model `--model` and `--backbone` name together (they must agree). */
function modelKind(model: string | undefined, backbone: RankingBackbone | undefined): TrainedKind {
  const kinds: readonly string[] = ['mf-bpr', 'mf-rating', 'lightgcn', 'sasrec'];
  if (model !== undefined && !kinds.includes(model)) throw new RecError('CONFIG_INVALID', `--model "${model}" is not a model; use mf-bpr, mf-rating, lightgcn or sasrec.`);
  if (model === 'sasrec' && backbone !== undefined) {
    throw new RecError('CONFIG_INVALID', `--model sasrec and --backbone ${backbone} disagree: SASRec is the sequential task's model, the backbone the direct task's; give one of them.`);
  }
  const fromBackbone = backbone && rankingKind(backbone);
  if (model !== undefined && fromBackbone !== undefined && model !== fromBackbone) {
    throw new RecError('CONFIG_INVALID', `--model ${model} and --backbone ${backbone} disagree; give one of them (the rating task always uses biased MF).`);
  }
  return (model ?? fromBackbone) as TrainedKind;
}

export function optionalNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new RecError('CONFIG_INVALID', `${flag} takes a number, got "${text}".`);
  return value;
}

export function backendName(text: string): BackendName {
  if (text === 'wasm' || text === 'cpu' || text === 'webgpu' || text === 'webgl') return text;
  throw new RecError('CONFIG_INVALID', `--backend "${text}" is not a TF.js backend; use wasm or cpu.`);
}

export function round(x: number, digits = 3): number {
  return Number(x.toFixed(digits));
}
