import { DEFAULT_CONFIG } from '../config.ts';
import type { InteractionTable, Split } from '../data/types.ts';
import { EvalError } from './eval-error.ts';
import { activityGroups, type ActivityGroup } from './groups.ts';
import { countPerUser } from '../data/user-items.ts';

export type EvalTarget = 'test' | 'validation';

/**
 * The held-out interactions to evaluate, one per user, sorted by user index, with each user's
 * training-interaction count and activity group. Ranking and rating evaluation share it, so their
 * groups have the same boundaries.
 */
export interface EvalTargets {
  target: EvalTarget;
  /** Row of the held-out interaction in the table. */
  row: Int32Array;
  user: Int32Array;
  item: Int32Array;
  /** Training interactions of the user (rows of `split.train`). */
  trainCount: Int32Array;
  /** Index into `groups` of each user. */
  group: Uint8Array;
  groups: ActivityGroup[];
}

export interface TargetOptions {
  target: EvalTarget;
  numUsers: number;
  numItems: number;
  /** Number of activity groups (default 5: quintiles). */
  groupCount?: number;
}

/**
 * Checks the split against the table and the model's dimensions, and collects the targets.
 * Throws `EvalError` when there is nothing to evaluate, when a user has two held-out rows (this
 * is the leave-one-out protocol), or when the table mentions users or items the model lacks.
 */
export function collectTargets(table: InteractionTable, split: Split, options: TargetOptions): EvalTargets {
  const { target, numUsers, numItems } = options;
  const rows = split[target];
  if (rows.length === 0) {
    throw new EvalError(
      'EVAL_NO_TARGETS',
      `The split has no ${target} rows, so there is nothing to evaluate. Leave-one-out needs users ` +
        'with at least 3 interactions (train, validation, test); import a larger dataset.',
    );
  }
  checkRows(table, split.train, 'train', numUsers, numItems);
  checkRows(table, split.validation, 'validation', numUsers, numItems);
  checkRows(table, split.test, 'test', numUsers, numItems);

  const sorted = Int32Array.from(rows).sort((a, b) => table.user[a]! - table.user[b]! || a - b);
  const user = new Int32Array(sorted.length);
  const item = new Int32Array(sorted.length);
  for (let k = 0; k < sorted.length; k++) {
    const r = sorted[k]!;
    user[k] = table.user[r]!;
    item[k] = table.item[r]!;
    if (k > 0 && user[k] === user[k - 1]) {
      throw new EvalError(
        'EVAL_DUPLICATE_TARGET',
        `User ${user[k]} has more than one ${target} row (rows ${sorted[k - 1]} and ${r}); the leave-one-out ` +
          'protocol holds out exactly one interaction per user. Build the split with leaveOneOutByTime.',
      );
    }
  }
  const trainPerUser = countPerUser(table, split.train, numUsers);
  const trainCount = Int32Array.from(user, (u) => trainPerUser[u]!);
  const { groups, groupOf } = activityGroups(user, trainPerUser, options.groupCount ?? DEFAULT_CONFIG.evaluation.groups);
  return { target, row: sorted, user, item, trainCount, group: groupOf, groups };
}

function checkRows(table: InteractionTable, rows: Int32Array, name: string, numUsers: number, numItems: number): void {
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    if (!(r >= 0 && r < table.length)) {
      throw new EvalError(
        'EVAL_MODEL_MISMATCH',
        `The ${name} split refers to row ${r}, but the table has ${table.length} rows; ` +
          'build the split from this same table.',
      );
    }
    const u = table.user[r]!;
    const i = table.item[r]!;
    if (u >= numUsers || i >= numItems || u < 0 || i < 0) {
      throw new EvalError(
        'EVAL_MODEL_MISMATCH',
        `Row ${r} has user ${u} and item ${i}, but the model knows ${numUsers} users and ${numItems} items; ` +
          'train (or load) the model on this dataset before evaluating it.',
      );
    }
  }
}
