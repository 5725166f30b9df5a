/**
 * Where dataset files come from. Parsers only see `DatasetSource`, so the same parser runs on
 * a file picker / drag-and-drop (`sourceFromFiles`), the app's own URLs (`sourceFromUrl`),
 * bytes in memory (`sourceFromMemory`, for tests and generated data) and a Node path
 * (`sourceFromPath` in node-source.ts, kept apart so this module never pulls in Node code).
 */
import { ImportError } from './import-error.ts';

export interface DatasetFile {
  /** The file's base name ("ratings.csv"); format detection and error messages use it. */
  name: string;
  /** Size in bytes when known; progress uses it as the total. */
  size?: number;
  /** A fresh stream of the file's bytes from the start. May be called more than once. */
  stream(): ReadableStream<Uint8Array>;
}

export interface DatasetSource {
  files: DatasetFile[];
  /** A short dataset name (e.g. the folder name); parseDataset uses it unless told otherwise. */
  name?: string;
}

/** Files from `<input type="file" multiple>` or a drop's `dataTransfer.files`. */
export function sourceFromFiles(files: Iterable<File>, name?: string): DatasetSource {
  const list: DatasetFile[] = [];
  for (const file of files) {
    list.push({ name: baseName(file.name), size: file.size, stream: () => file.stream() });
  }
  return name === undefined ? { files: list } : { files: list, name };
}

/**
 * Files served beside the app, e.g. `sourceFromUrl('/data/ml-latest-small/', ['ratings.csv',
 * 'movies.csv'])`. Every file is requested once up front so a missing file fails here with
 * IMPORT_UNREADABLE (not halfway through an import), also when the server answers with an HTML
 * page (a single-page app's fallback for a path it does not have); the first `stream()` reuses
 * that response body and later calls fetch again.
 */
export async function sourceFromUrl(
  baseUrl: string,
  names: string[],
  fetchImpl: typeof fetch = fetch,
): Promise<DatasetSource> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const files = await Promise.all(
    names.map(async (name): Promise<DatasetFile> => {
      const url = `${base}${name}`;
      let first: Response | undefined = await fetchOk(fetchImpl, url, name);
      const length = first.headers.get('content-length');
      // A compressed transfer reports the compressed length; only trust it when not encoded.
      const size = length !== null && first.headers.get('content-encoding') === null ? Number(length) : undefined;
      const file: DatasetFile = {
        name,
        stream: () => {
          const response = first;
          first = undefined;
          if (response?.body) return response.body;
          return lazyStream(() => fetchOk(fetchImpl, url, name));
        },
      };
      if (size !== undefined && Number.isFinite(size)) file.size = size;
      return file;
    }),
  );
  const folder = base.split('/').filter(Boolean).pop();
  return folder === undefined ? { files } : { files, name: folder };
}

/**
 * Files held in memory. `chunkSize` splits each file into small chunks so tests can put
 * line breaks and multi-byte characters across chunk boundaries, as real streams do.
 */
export function sourceFromMemory(
  contents: Record<string, string | Uint8Array>,
  options: { chunkSize?: number; name?: string } = {},
): DatasetSource {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const files = Object.entries(contents).map(([name, content]): DatasetFile => {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    return {
      name,
      size: bytes.byteLength,
      stream: () => {
        let offset = 0;
        return new ReadableStream<Uint8Array>({
          pull(controller) {
            if (offset >= bytes.byteLength) {
              controller.close();
              return;
            }
            controller.enqueue(bytes.slice(offset, offset + chunkSize));
            offset += chunkSize;
          },
        });
      },
    };
  });
  return options.name === undefined ? { files } : { files, name: options.name };
}

async function fetchOk(fetchImpl: typeof fetch, url: string, name: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (cause) {
    throw new ImportError('IMPORT_UNREADABLE', {
      file: name,
      problem: `could not download ${url}`,
      fix: 'Check that the app is still being served and the network is up, then try again',
      cause,
    });
  }
  if (!response.ok) {
    throw new ImportError('IMPORT_UNREADABLE', {
      file: name,
      problem: `the server answered ${response.status} ${response.statusText} for ${url}`,
      fix: 'Check that the file is deployed with the app (under public/) and its name is spelled right',
    });
  }
  if (/^\s*text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
    // What a single-page app's server answers for any path it does not have: its index.html.
    throw new ImportError('IMPORT_UNREADABLE', {
      file: name,
      problem: `the server answered ${url} with an HTML page, not the file: the file is most likely not deployed (the app's fallback page came back instead)`,
      fix: 'Serve the file at that URL (with Vite: under public/), or check the folder URL and the file name',
    });
  }
  if (!response.body) {
    throw new ImportError('IMPORT_UNREADABLE', {
      file: name,
      problem: `the response for ${url} has no body`,
      fix: 'Serve the file with its contents (not a HEAD or 204 response)',
    });
  }
  return response;
}

/** A stream whose bytes come from a response fetched when first read. */
function lazyStream(open: () => Promise<Response>): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!reader) reader = (await open()).body!.getReader();
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader?.cancel(reason);
    },
  });
}

/** File pickers give base names, but a relative path or a Windows path may slip through. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}
