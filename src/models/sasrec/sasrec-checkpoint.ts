/**
 * A trained SASRec model as plain data: what IndexedDB stores (a checkpoint's `value`) and what
 * crosses workers. Self-contained: it holds the sequences the model scores from, so serving needs
 * no dataset.
 */
import { RecError } from '../../errors.ts';
import { paramLayout } from './param-layout.ts';
import { checkSasRecConfig, type SasRecConfig } from './sasrec-config.ts';
import { checkSequences, type UserSequences } from './user-sequences.ts';

export interface SasRecCheckpoint {
  format: 'l4r-sasrec';
  version: 1;
  kind: 'sasrec';
  config: SasRecConfig;
  numUsers: number;
  numItems: number;
  /** Adam steps taken (bias correction continues from here on resume). */
  step: number;
  /** Epochs completed. */
  epoch: number;
  /** State of the generator for window order, negatives and dropout, so a resumed run draws what an uninterrupted one would. */
  rngState: number;
  /** Flat weights and Adam's moments (param-layout.ts). */
  w: Float32Array;
  m: Float32Array;
  v: Float32Array;
  /** Each user's last `maxLen` items, the sequences the model scores from. */
  sequences: UserSequences;
}

/** Checks a stored checkpoint before a model is built from it (CHECKPOINT_INVALID, saying what to do). */
export function checkSasRecCheckpoint(value: unknown): SasRecCheckpoint {
  const c = value as Partial<SasRecCheckpoint> | null;
  if (!c || c.format !== 'l4r-sasrec' || c.version !== 1 || c.kind !== 'sasrec' || !c.config) {
    throw new RecError('CHECKPOINT_INVALID', 'The stored checkpoint is not a SASRec model of this version; train the SASRec model again.');
  }
  let config: SasRecConfig;
  try {
    config = checkSasRecConfig({ ...c.config });
  } catch (error) {
    throw new RecError('CHECKPOINT_INVALID', `The checkpoint's SASRec configuration is invalid (${(error as Error).message}); train the model again.`, { cause: error });
  }
  const counts = [c.numUsers, c.numItems, c.step, c.epoch];
  if (!counts.every((n) => Number.isInteger(n) && n! >= 0) || !Number.isInteger(c.rngState)) {
    throw new RecError('CHECKPOINT_INVALID', "The checkpoint's counters are damaged; train the SASRec model again.");
  }
  const size = paramLayout(config, c.numItems!).size;
  for (const part of ['w', 'm', 'v'] as const) {
    if (!(c[part] instanceof Float32Array) || c[part].length !== size) {
      throw new RecError('CHECKPOINT_INVALID', `The checkpoint's "${part}" should hold ${size} floats; it is damaged: train the SASRec model again.`);
    }
  }
  checkSequences(c.sequences, c.numUsers!, c.numItems!);
  return { ...(c as SasRecCheckpoint), config };
}
