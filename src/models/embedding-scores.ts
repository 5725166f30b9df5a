/**
 * What every embedding model (MF of both kinds, LightGCN) does the same way when it scores: check
 * the indices it is given (typed errors naming the known range), gather rows by index, and read a
 * result tensor back to JavaScript once, freeing it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RecError } from '../errors.ts';
import { gatherRows } from './gather-rows.ts';

/** UNKNOWN_USER / UNKNOWN_ITEM for the first index outside 0..count-1. */
export function checkIndexRange(indices: Int32Array, count: number, what: 'user' | 'item'): void {
  for (let k = 0; k < indices.length; k++) {
    const v = indices[k]!;
    if (!(v >= 0 && v < count)) {
      throw new RecError(
        what === 'user' ? 'UNKNOWN_USER' : 'UNKNOWN_ITEM',
        `No ${what} with index ${v}: the model knows ${what}s 0..${count - 1}. Retrain after importing new data.`,
      );
    }
  }
}

/** scorePairs' input: as many users as items, each known to the model. */
export function checkScorePairs(users: Int32Array, items: Int32Array, numUsers: number, numItems: number): void {
  if (users.length !== items.length) {
    throw new RecError('CONFIG_INVALID', `scorePairs needs as many users as items, got ${users.length} and ${items.length}.`);
  }
  checkIndexRange(users, numUsers, 'user');
  checkIndexRange(items, numItems, 'item');
}

/** Rows `indices` of `table` (call inside `tf.tidy`). */
export function rowsAt(table: tf.Tensor2D, indices: Int32Array): tf.Tensor2D {
  return gatherRows(table, tf.tensor2d(indices, [indices.length, 1], 'int32'));
}

/**
 * The values of the tensor `compute` returns (built inside `tf.tidy`), as a copy: on the CPU
 * backend a slice's data can be a view of a table that training changes in place.
 */
export async function readTensor(compute: () => tf.Tensor): Promise<Float32Array> {
  const result = tf.tidy(compute);
  try {
    return ((await result.data()) as Float32Array).slice();
  } finally {
    result.dispose();
  }
}
