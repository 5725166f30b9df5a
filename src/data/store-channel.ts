/**
 * What the tabs (and workers) of one origin tell each other about one IndexedDB store, over a
 * BroadcastChannel named after it: an import or a clear asks the running jobs to stop before it
 * writes (writer-lock.ts), and says what the store holds once it has written, so every other
 * page stops or refreshes what it shows.
 *
 * A BroadcastChannel reaches every other channel object of the same name in the origin, in this
 * tab too, but never the object that posted: a listener hears its own tab's changes as well.
 * Where BroadcastChannel is missing nothing is sent or heard (see writerLockSupport()).
 */

/** What happened to the stored dataset. */
export interface DatasetChange {
  /** 'imported': the store holds a dataset (a new one, or the same content again); 'cleared': none. */
  kind: 'imported' | 'cleared';
  /** The fingerprint of the dataset the store holds now; null after a clear. */
  fingerprint: string | null;
  /** Its name (imports only). */
  name?: string;
}

export type StoreMessage =
  /** An import or a clear waits to write: jobs on the current dataset must stop. */
  | { type: 'stop-jobs'; by: 'import' | 'clear' }
  | { type: 'dataset-changed'; change: DatasetChange };

export const hasBroadcastChannel = (): boolean => typeof BroadcastChannel !== 'undefined';

function channelName(dbName: string): string {
  return `llama4rec-web:${dbName}`;
}

/** Tells every other page and worker of this origin; a no-op without BroadcastChannel. */
export function postStoreMessage(dbName: string, message: StoreMessage): void {
  if (!hasBroadcastChannel()) return;
  const channel = new BroadcastChannel(channelName(dbName));
  // Delivery is queued when posting, so closing right away loses nothing.
  channel.postMessage(message);
  channel.close();
}

function isStoreMessage(value: unknown): value is StoreMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'stop-jobs' || type === 'dataset-changed';
}

/** Calls `listener` with every message about `dbName` from now on; returns the unsubscribe. */
export function listenToStore(dbName: string, listener: (message: StoreMessage) => void): () => void {
  if (!hasBroadcastChannel()) return () => undefined;
  const channel = new BroadcastChannel(channelName(dbName));
  // In Node a listening channel would keep the process alive until closed: it must not.
  (channel as { unref?: () => void }).unref?.();
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (isStoreMessage(event.data)) listener(event.data);
  };
  return () => channel.close();
}
