/** Progress and cancellation shared by all files of one import: bytes done across files. */
import type { LongWorkOptions } from '../../progress.ts';
import type { TextEncodingName } from './line-reader.ts';
import type { RecordReaderOptions } from './record-reader.ts';
import type { DatasetFile } from './source.ts';

export class ReadContext {
  private done = 0;

  constructor(
    private readonly total: number | undefined,
    private readonly options: LongWorkOptions,
  ) {}

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  report(phase: string): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    onProgress(this.total === undefined ? { phase, done: this.done } : { phase, done: this.done, total: this.total });
  }

  /** Reader options for one file, counting its bytes into this import's progress. */
  reader(file: DatasetFile, encoding: TextEncodingName, delimiter: string, quoted: boolean): RecordReaderOptions {
    const phase = `reading ${file.name}`;
    this.report(phase);
    const options: RecordReaderOptions = {
      encoding,
      delimiter,
      quoted,
      onBytes: (bytes) => {
        this.done += bytes;
        this.report(phase);
      },
    };
    if (this.options.signal) options.signal = this.options.signal;
    return options;
  }

  /** For files read whole (JSON): count their bytes once read. */
  addBytes(bytes: number, phase: string): void {
    this.done += bytes;
    this.report(phase);
  }
}

/** Total bytes of the files, if every size is known. */
export function totalSize(files: DatasetFile[]): number | undefined {
  let total = 0;
  for (const file of files) {
    if (file.size === undefined) return undefined;
    total += file.size;
  }
  return total;
}
