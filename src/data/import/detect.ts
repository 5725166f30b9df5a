/**
 * Which format a set of files is, and which file plays which part. MovieLens formats are
 * recognised by their fixed file names; anything else by the header (or the keys of the first
 * 100 JSON objects): a file with user and item columns holds the interactions, one with item
 * and title columns (and no user column) the items. Anything unclear is IMPORT_UNKNOWN_FORMAT,
 * never a guess.
 */
import type { DatasetFormat } from '../types.ts';
import { GENERIC_INTERACTION_COLUMNS, GENERIC_ITEM_COLUMNS } from './columns.ts';
import { normalizeHeader, sniffDelimiter, splitCsvLine } from './csv.ts';
import { isJsonFile, sampleJsonKeys } from './generic-json.ts';
import { readHeaderLine } from './header-csv.ts';
import { ImportError } from './import-error.ts';
import type { DatasetFile, DatasetSource } from './source.ts';

export interface ImportPlan {
  format: DatasetFormat;
  interactions: DatasetFile;
  /** Absent for generic formats without an item file: items are then made from the ids seen. */
  items?: DatasetFile;
}

/** The fixed file names of the MovieLens formats: [ratings file, item file]. */
export const MOVIELENS_FILES = {
  'movielens-csv': ['ratings.csv', 'movies.csv'],
  'movielens-100k': ['u.data', 'u.item'],
  'movielens-1m': ['ratings.dat', 'movies.dat'],
} as const satisfies Partial<Record<DatasetFormat, readonly [string, string]>>;

type MovieLensFormat = keyof typeof MOVIELENS_FILES;

export const ACCEPTED_FORMATS =
  'MovieLens latest/25M (ratings.csv + movies.csv), MovieLens 100K (u.data + u.item), ' +
  'MovieLens 1M (ratings.dat + movies.dat), or generic: one CSV/TSV/JSON/JSONL file with user and item ' +
  'columns (optionally rating, timestamp) plus an optional item file with item and title columns ' +
  '(optionally genres, year)';

/** True for file names some format reads (a folder import keeps only these). */
export function isDatasetFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    Object.values(MOVIELENS_FILES).some((files) => (files as readonly string[]).includes(lower)) ||
    isGenericFileName(lower)
  );
}

function isGenericFileName(name: string): boolean {
  return /\.(csv|tsv)$/i.test(name) || isJsonFile(name);
}

export async function detectFormat(source: DatasetSource, signal?: AbortSignal): Promise<DatasetFormat> {
  return (await planImport(source, undefined, signal)).format;
}

export async function planImport(source: DatasetSource, format?: DatasetFormat, signal?: AbortSignal): Promise<ImportPlan> {
  const files = source.files;
  if (files.length === 0) {
    throw unknownFormat('no files were given', 'Choose the dataset files (or their folder)');
  }
  if (format !== undefined && format in MOVIELENS_FILES) return movieLensPlan(files, format as MovieLensFormat, true)!;
  if (format === undefined) {
    const named = (Object.keys(MOVIELENS_FILES) as MovieLensFormat[])
      .map((f) => movieLensPlan(files, f, false))
      .filter((plan) => plan !== undefined);
    if (named.length === 1) return named[0]!;
    if (named.length > 1) {
      throw unknownFormat(
        `the files fit more than one format (${named.map((p) => p.format).join(', ')})`,
        'Import one dataset at a time, or pass --format to choose',
      );
    }
  }
  return genericPlan(files, format, signal);
}

function movieLensPlan(files: DatasetFile[], format: MovieLensFormat, required: boolean): ImportPlan | undefined {
  const [ratingsName, itemsName] = MOVIELENS_FILES[format];
  const interactions = byName(files, ratingsName);
  const items = byName(files, itemsName);
  if (interactions && items) return { format, interactions, items };
  if (!required) return undefined;
  const missing = [interactions ? undefined : ratingsName, items ? undefined : itemsName].filter(Boolean).join(' and ');
  throw unknownFormat(`format ${format} needs ${ratingsName} and ${itemsName}, but ${missing} ${missing.includes(' and ') ? 'are' : 'is'} missing (found: ${names(files)})`, 'Add the missing file, or choose another --format');
}

type Role = 'interactions' | 'items' | 'empty' | 'other';

async function genericPlan(files: DatasetFile[], format: DatasetFormat | undefined, signal?: AbortSignal): Promise<ImportPlan> {
  const candidates = files.filter((file) => isGenericFileName(file.name));
  const roles = await Promise.all(candidates.map((file) => roleOf(file, signal)));
  const withRole = (role: Role) => candidates.filter((_, k) => roles[k] === role);
  let interactions = withRole('interactions');
  if (format === 'generic-csv') interactions = interactions.filter((f) => !isJsonFile(f.name));
  if (format === 'generic-json') interactions = interactions.filter((f) => isJsonFile(f.name));
  const items = withRole('items');
  if (interactions.length === 0) {
    const empty = withRole('empty')[0];
    if (empty) {
      throw new ImportError('IMPORT_EMPTY', {
        file: empty.name,
        line: 1,
        problem: 'the file is empty',
        fix: 'Choose the file that holds the ratings, or check that it was saved completely',
      });
    }
    throw unknownFormat(`none of the files is a dataset this app reads (found: ${names(files)})${hints(files)}`, `Accepted: ${ACCEPTED_FORMATS}. Pass --format to choose one`);
  }
  if (interactions.length > 1) {
    throw unknownFormat(
      `more than one file has user and item columns (${names(interactions)})`,
      'Import one interaction file at a time',
    );
  }
  if (items.length > 1) {
    throw unknownFormat(`more than one file looks like an item file (${names(items)})`, 'Keep one item file (item and title columns)');
  }
  const file = interactions[0]!;
  const plan: ImportPlan = { format: isJsonFile(file.name) ? 'generic-json' : 'generic-csv', interactions: file };
  if (items[0]) plan.items = items[0];
  return plan;
}

async function roleOf(file: DatasetFile, signal?: AbortSignal): Promise<Role> {
  let keys: string[];
  if (isJsonFile(file.name)) {
    keys = await sampleJsonKeys(file).catch((error: unknown) => {
      // An empty JSON file may sit beside the real one; malformed JSON is reported as such
      // (with its line) rather than as "unknown format".
      if (error instanceof ImportError && error.code === 'IMPORT_EMPTY') return ['<empty>'];
      throw error;
    });
    if (keys[0] === '<empty>') return 'empty';
  } else {
    const header = await readHeaderLine(file, signal);
    if (header === undefined) return 'empty';
    const cells = splitCsvLine(header, sniffDelimiter(header));
    // A header with a broken quote names no columns; reading the file would report the quote.
    keys = Array.isArray(cells) ? cells.map(normalizeHeader) : [];
  }
  const has = (names: readonly string[]) => keys.some((key) => names.includes(key));
  if (has(GENERIC_INTERACTION_COLUMNS.user.names) && has(GENERIC_INTERACTION_COLUMNS.item.names)) return 'interactions';
  if (has(GENERIC_ITEM_COLUMNS.item.names) && has(GENERIC_ITEM_COLUMNS.title.names)) return 'items';
  return 'other';
}

function byName(files: DatasetFile[], name: string): DatasetFile | undefined {
  return files.find((file) => file.name.toLowerCase() === name);
}

function names(files: DatasetFile[]): string {
  return files.map((file) => file.name).join(', ') || 'nothing';
}

/** "u.data but no u.item"-style hints for half a MovieLens dataset. */
function hints(files: DatasetFile[]): string {
  const found: string[] = [];
  for (const [format, pair] of Object.entries(MOVIELENS_FILES)) {
    const present = pair.filter((name) => byName(files, name));
    if (present.length === 1) {
      found.push(`; ${present[0]} looks like ${format} but ${pair.find((n) => !present.includes(n))} is missing`);
    }
  }
  return found.join('');
}

function unknownFormat(problem: string, fix: string): ImportError {
  return new ImportError('IMPORT_UNKNOWN_FORMAT', { problem, fix });
}
