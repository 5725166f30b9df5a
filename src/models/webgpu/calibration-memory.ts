/**
 * Where backend calibrations are remembered (backend-calibration.ts), so a device measures once
 * per adapter and model shape: IndexedDB where there is one (pages AND workers: the training
 * worker chooses the backend, and workers have no localStorage), else this process's memory
 * (Node). A database of its own, apart from the recommender's store (src/data/db.ts): forgetting
 * calibrations never touches data, and the store's schema stays as it is.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Calibration } from './backend-calibration.ts';

export interface CalibrationMemory {
  get(key: string): Promise<Calibration | undefined>;
  set(calibration: Calibration): Promise<void>;
  clear(): Promise<void>;
}

interface CalibrationSchema extends DBSchema {
  calibrations: { key: string; value: Calibration };
}

export const CALIBRATION_DB = 'l4r-backend-calibration';

function inProcess(): CalibrationMemory {
  const map = new Map<string, Calibration>();
  return {
    get: async (key) => map.get(key),
    set: async (c) => void map.set(c.key, c),
    clear: async () => map.clear(),
  };
}

function inIndexedDb(): CalibrationMemory {
  let db: Promise<IDBPDatabase<CalibrationSchema>> | null = null;
  const open = () => (db ??= openDB<CalibrationSchema>(CALIBRATION_DB, 1, { upgrade: (d) => void d.createObjectStore('calibrations', { keyPath: 'key' }) }));
  return {
    get: async (key) => (await open()).get('calibrations', key),
    set: async (c) => void (await (await open()).put('calibrations', c)),
    clear: async () => (await open()).clear('calibrations'),
  };
}

let shared: CalibrationMemory | null = null;

/** The memory this environment has (one per page, worker or process). */
export function calibrationMemory(): CalibrationMemory {
  if (!shared) shared = typeof indexedDB === 'undefined' ? inProcess() : inIndexedDb();
  return shared;
}

/** A memory that forgets everything when dropped (tests). */
export function freshCalibrationMemory(): CalibrationMemory {
  return inProcess();
}
