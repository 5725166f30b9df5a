/**
 * Node only: a dataset from a path, for the CLI, benchmarks and Node-side training/evaluation.
 * Kept out of source.ts so browser bundles never see `node:fs`.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { Dataset } from '../types.ts';
import { isDatasetFileName } from './detect.ts';
import { ImportError } from './import-error.ts';
import { parseDataset, type ParseOptions } from './parse.ts';
import type { DatasetFile, DatasetSource } from './source.ts';

/**
 * A folder (its files that some format reads; README, links.csv and the like are skipped
 * by detection) or a single file. The dataset name is the folder name, or the file name
 * without its extension.
 */
export async function sourceFromPath(path: string): Promise<DatasetSource> {
  const info = await stat(path).catch((cause: unknown) => {
    throw new ImportError('IMPORT_UNREADABLE', {
      file: path,
      problem: `the path cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`,
      fix: 'Check the path: give a dataset folder (e.g. public/data/ml-latest-small) or a single file',
      cause,
    });
  });
  if (info.isDirectory()) {
    const entries = await readdir(path, { withFileTypes: true });
    const files = await Promise.all(
      entries
        .filter((entry) => entry.isFile() && isDatasetFileName(entry.name))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(async (entry) => fileAt(join(path, entry.name), (await stat(join(path, entry.name))).size)),
    );
    return { files, name: basename(path) };
  }
  return { files: [fileAt(path, info.size)], name: basename(path, extname(path)) };
}

/** `sourceFromPath` + `parseDataset`: the one call Node code needs to load a dataset. */
export async function parseDatasetFromPath(path: string, options: ParseOptions = {}): Promise<Dataset> {
  return parseDataset(await sourceFromPath(path), options);
}

function fileAt(path: string, size: number): DatasetFile {
  return {
    name: basename(path),
    size,
    stream: () => Readable.toWeb(createReadStream(path, { highWaterMark: 256 * 1024 })) as ReadableStream<Uint8Array>,
  };
}
