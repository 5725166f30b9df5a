/**
 * `parseDataset`: files in, a `Dataset` out (items, users, columnar interactions), streamed
 * file by file with progress in bytes. Nothing is stored here; the store commits the result.
 */
import type { LongWorkOptions } from '../../progress.ts';
import type { Dataset, DatasetFormat } from '../types.ts';
import {
  GENERIC_INTERACTION_COLUMNS,
  GENERIC_ITEM_COLUMNS,
  MOVIELENS_MOVIE_COLUMNS,
  MOVIELENS_RATING_COLUMNS,
} from './columns.ts';
import { planImport, type ImportPlan } from './detect.ts';
import { isJsonFile, readInteractionsJson, readItemsJson } from './generic-json.ts';
import { readInteractionsCsv, readItemsCsv } from './header-csv.ts';
import { readHeaderlessRatings } from './headerless-ratings.ts';
import { InteractionBuilder } from './interaction-builder.ts';
import { ItemTable } from './item-table.ts';
import { readMl100kItems } from './movielens-100k.ts';
import { readMl1mItems } from './movielens-1m.ts';
import type { DeclaredRatingScale } from './rating-scale.ts';
import { ReadContext, totalSize } from './read-context.ts';
import type { DatasetFile, DatasetSource } from './source.ts';
import { valueRules, type ValueRules } from './value-rules.ts';

export { detectFormat } from './detect.ts';

export interface ParseOptions extends LongWorkOptions {
  /** Skip detection and read the files as this format. */
  format?: DatasetFormat;
  /** Dataset name; default: the source's name, else the format. */
  name?: string;
  /**
   * The scale ratings are on (e.g. `{ min: 1, max: 10, step: 1 }`): every rating is checked
   * against it. Default: the format's documented scale for MovieLens, the file's own range
   * (inferred, reported as `Dataset.ratingScale`) for generic files.
   */
  ratingScale?: DeclaredRatingScale;
}

interface FormatReader {
  readItems(file: DatasetFile, items: ItemTable, rules: ValueRules, ctx: ReadContext): Promise<void>;
  readInteractions(file: DatasetFile, items: ItemTable, builder: InteractionBuilder, rules: ValueRules, ctx: ReadContext): Promise<void>;
}

/** Either item file shape works with either generic interaction file. */
const readGenericItems: FormatReader['readItems'] = (file, items, rules, ctx) =>
  isJsonFile(file.name)
    ? readItemsJson(file, GENERIC_ITEM_COLUMNS, items, ctx)
    : readItemsCsv(file, GENERIC_ITEM_COLUMNS, items, ctx, rules.itemId);

const READERS: Record<DatasetFormat, FormatReader> = {
  'movielens-csv': {
    readItems: (file, items, rules, ctx) => readItemsCsv(file, MOVIELENS_MOVIE_COLUMNS, items, ctx, rules.itemId),
    readInteractions: (file, items, builder, rules, ctx) => readInteractionsCsv(file, MOVIELENS_RATING_COLUMNS, items, builder, rules, ctx),
  },
  'movielens-100k': {
    readItems: (file, items, _rules, ctx) => readMl100kItems(file, items, ctx),
    readInteractions: (file, items, builder, rules, ctx) => readHeaderlessRatings(file, '\t', items, builder, rules, ctx),
  },
  'movielens-1m': {
    readItems: (file, items, _rules, ctx) => readMl1mItems(file, items, ctx),
    readInteractions: (file, items, builder, rules, ctx) => readHeaderlessRatings(file, '::', items, builder, rules, ctx),
  },
  'generic-csv': {
    readItems: readGenericItems,
    readInteractions: (file, items, builder, rules, ctx) => readInteractionsCsv(file, GENERIC_INTERACTION_COLUMNS, items, builder, rules, ctx),
  },
  'generic-json': {
    readItems: readGenericItems,
    readInteractions: (file, items, builder, rules, ctx) => readInteractionsJson(file, GENERIC_INTERACTION_COLUMNS, items, builder, rules, ctx),
  },
};

/**
 * Reads a dataset. Bad input throws `ImportError` (file, line, field), a bad `ratingScale`
 * option RecError CONFIG_INVALID; cancelling throws `AbortedError`. Users are numbered in first-seen order; items in item-file order, or
 * first-seen order when there is no item file.
 */
export async function parseDataset(source: DatasetSource, options: ParseOptions = {}): Promise<Dataset> {
  const plan: ImportPlan = await planImport(source, options.format, options.signal);
  const reader = READERS[plan.format];
  // Built before any file is read, so a bad declared scale fails first (CONFIG_INVALID).
  const rules = valueRules(plan.format, options.ratingScale);
  const files = plan.items ? [plan.items, plan.interactions] : [plan.interactions];
  const ctx = new ReadContext(totalSize(files), options);
  const items = new ItemTable(plan.items === undefined, plan.items?.name);
  if (plan.items) await reader.readItems(plan.items, items, rules, ctx);
  const builder = new InteractionBuilder(plan.interactions.name);
  await reader.readInteractions(plan.interactions, items, builder, rules, ctx);
  ctx.report('checking for duplicate ratings');
  const interactions = builder.finish(items.size, (index) => items.items[index]!.id);
  const dataset: Dataset = {
    name: options.name ?? source.name ?? plan.format,
    format: plan.format,
    items: items.items,
    users: builder.users,
    interactions,
    timestampUnit: rules.timestamp.finish(interactions.timestamp),
  };
  const ratingScale = rules.rating.scale();
  if (ratingScale) dataset.ratingScale = ratingScale;
  return dataset;
}
