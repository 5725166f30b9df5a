/**
 * `l4r eval --data <path> --model mf-bpr|mf-rating`: trains an MF model on a leave-one-out-by-time
 * split with early stopping on the validation split, then reports the test metrics (overall and
 * per user-activity group) beside the popularity baseline.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import { writeFile } from 'node:fs/promises';
import { parseCommandArgs } from './command-args.ts';
import { parseDatasetFromPath } from '../data/import/node-source.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { RecError } from '../errors.ts';
import { evaluatePopularity } from '../eval/baseline.ts';
import { evaluateRanking, evaluateRating } from '../eval/evaluate.ts';
import { formatReport, reportSummary } from '../eval/format.ts';
import { ratingByItemPopularity } from '../eval/item-popularity.ts';
import { attributeMode, DEFAULT_ATTRIBUTE_MODE, describeItemFeatures, formatKinds, itemFeatures as itemFeaturesOf } from '../models/item-features.ts';
import { chooseBackend, useBackend, type BackendName } from '../models/backend.ts';
import type { MfKind } from '../models/mf-checkpoint.ts';
import { DEFAULT_MF_CONFIG, MODEL_DEFAULTS, type MfConfig } from '../models/mf-config.ts';
import { trainMf } from '../training/train-mf.ts';
import { LOOP_FLAGS, LOOP_USAGE, runLoopEval } from './loop-eval-flags.ts';
import { splitJson } from './split-json.ts';

const d = DEFAULT_MF_CONFIG;
const T = DEFAULT_CONFIG.training;
export const usage = `usage: l4r eval --data <path> --model mf-bpr|mf-rating [options] [--json]

Trains matrix factorization on a leave-one-out-by-time split (each user's latest interaction is
the test item, the one before it validation), stops early on validation NDCG@10 (mf-bpr) or RMSE
(mf-rating), and reports test HR@k/NDCG@k or RMSE/MAE, overall and per user-activity group,
beside the popularity baseline.

  --data <path>     dataset folder or file (e.g. public/data/ml-latest-small)
  --model M         mf-bpr (top-k, BPR loss) or mf-rating (biased MF, squared error)
  --dim N           latent dimension (default ${d.dim})
  --epochs N        maximum epochs (default ${T.epochs})
  --patience N      stop after N epochs without validation improvement (default ${T.patience}; 0 = never)
  --lr X            Adam learning rate (default ${d.lr})
  --batch N         batch size (default ${d.batchSize})
  --l2 X            L2 weight (default ${d.l2} for mf-bpr, ${MODEL_DEFAULTS['mf-rating'].l2} for mf-rating)
  --seed N          random seed (default ${d.seed})
  --attributes A    mf-rating: item attributes the model uses (feature-aware biased MF):
                    none | dataset (genres and dataset-provided attributes; default) | dataset+llm
                    (also LLM-filled values; files hold none: with --llm the loop has the LLM fill them)
  --backend B       wasm or cpu (default: the fastest available)
  --export-split F  also write the split as JSON to F (for bench/reference_bpr.py)
  --json            print JSON instead of tables
${LOOP_USAGE}`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    model: { type: 'string' },
    dim: { type: 'string' },
    epochs: { type: 'string', default: String(T.epochs) },
    patience: { type: 'string', default: String(T.patience) },
    lr: { type: 'string' },
    batch: { type: 'string' },
    l2: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    'export-split': { type: 'string' },
    json: { type: 'boolean' },
    // --attributes is one of them: the loop's rating model takes it too.
    ...LOOP_FLAGS,
  });
  if (values.data === undefined || (values.model === undefined && values.llm === undefined) || positionals.length > 0) {
    console.error(usage);
    return 2;
  }
  const config: Partial<MfConfig> = {
    dim: optionalNumber(values.dim, '--dim'),
    lr: optionalNumber(values.lr, '--lr'),
    batchSize: optionalNumber(values.batch, '--batch'),
    l2: optionalNumber(values.l2, '--l2'),
    seed: optionalNumber(values.seed, '--seed'),
  };
  const epochs = optionalNumber(values.epochs, '--epochs')!;
  const patience = optionalNumber(values.patience, '--patience')!;
  if (values.llm !== undefined) {
    // The whole Llama4Rec loop with its ablation switches (loop-eval-flags.ts).
    if (values.backend !== undefined) await useBackend(backendName(values.backend));
    return runLoopEval(await parseDatasetFromPath(values.data), values, { config, epochs, patience }, values.json === true);
  }
  if (values.model !== 'mf-bpr' && values.model !== 'mf-rating') {
    throw new RecError('CONFIG_INVALID', `--model "${values.model}" is not a model; use mf-bpr or mf-rating.`);
  }
  const kind: MfKind = values.model;
  if (kind === 'mf-bpr' && values.attributes !== undefined) {
    throw new RecError('CONFIG_INVALID', '--attributes applies to --model mf-rating only (BPR-MF uses no item attributes).');
  }
  const mode = attributeMode(values.attributes ?? DEFAULT_ATTRIBUTE_MODE);
  const backend = values.backend === undefined ? await chooseBackend() : await useBackend(backendName(values.backend));

  const dataset = await parseDatasetFromPath(values.data);
  const table = dataset.interactions;
  const split = leaveOneOutByTime(table);
  if (values['export-split']) await writeFile(values['export-split'], JSON.stringify(splitJson(dataset, split)));
  const dims = { numUsers: dataset.users.length, numItems: dataset.items.length };

  const started = performance.now();
  const itemFeatures = kind === 'mf-rating' ? itemFeaturesOf(dataset.items, mode) : undefined;
  const { model, result, validationMetric } = await trainMf(table, split, dims, { kind, config, epochs, patience, itemFeatures });
  const totalSeconds = (performance.now() - started) / 1000;
  try {
    const rating = kind === 'mf-rating' ? await evaluateRating(model, table, split, { target: 'test' }) : null;
    const report = rating ?? (await evaluateRanking(model, table, split, { target: 'test' }));
    const baseline = await evaluatePopularity(table, split, dims, { target: 'test' });
    const popularity = kind === 'mf-bpr' ? baseline.ranking : baseline.rating;
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
      epochsRun: result.epochsRun,
      bestEpoch: result.bestEpoch,
      stoppedEarly: result.stoppedEarly,
      validationMetric,
      bestValidation: result.bestValidation,
      trainSeconds: round(result.trainSeconds),
      secondsPerEpoch: round(result.trainSeconds / Math.max(1, result.epochsRun)),
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
        `${kind} on ${dataset.name} (${backend.backend}, step ${model.lastStep?.path ?? 'none'}): ${result.epochsRun} epochs` +
          `${result.stoppedEarly ? ' (stopped early)' : ''}, best epoch ${result.bestEpoch} ` +
          `(validation ${validationMetric} ${result.bestValidation.toFixed(4)}), training ${training.trainSeconds} s ` +
          `(${training.secondsPerEpoch} s/epoch), ${training.totalSecondsWithValidation} s with validation` +
          (features ? `\nattributes ${features.mode}: ${features.values} values (${formatKinds(features.byKind)}) on ${features.items} items, ${features.llmValues} from an LLM` : '') +
          '\n',
      );
      console.log(formatReport(`${kind}: leave-one-out by time, ${kind === 'mf-bpr' ? 'full ranking' : 'held-out ratings'}`, report));
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
