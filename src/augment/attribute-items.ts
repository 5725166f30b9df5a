/**
 * Which items attribute augmentation asks about first: those the long-tail users interacted
 * with most. Tail users are where MF is weakest and where the LLM's weight α_u is largest, so
 * their items are where extra features help most within a small budget of calls.
 */
import type { InteractionTable } from '../data/types.ts';
import { checkBudgetFields, usersLongTailFirst } from './pair-sampler.ts';

/**
 * Items interacted with by the `tailUsers` users with the fewest interactions (N(u) from
 * `counts`, ties by user index, as the pair plan chooses them), most such users first, ties by
 * item index. Items none of them touched are left out.
 */
export function itemsRatedByTailUsers(table: Pick<InteractionTable, 'length' | 'user' | 'item'>, counts: ArrayLike<number>, tailUsers: number): number[] {
  checkBudgetFields({ tailUsers });
  const tail = new Set(usersLongTailFirst(counts).slice(0, tailUsers));
  const byItem = new Map<number, number>();
  for (let r = 0; r < table.length; r++) {
    if (!tail.has(table.user[r]!)) continue;
    const item = table.item[r]!;
    byItem.set(item, (byItem.get(item) ?? 0) + 1);
  }
  return [...byItem].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([item]) => item);
}
