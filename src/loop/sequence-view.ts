/**
 * What a sequence model (SASRec, the 'next' task) reads in each scope of the loop. MF scores a
 * user the same whatever the scope; SASRec scores from the user's sequence, which must hold
 * exactly the interactions that count as the user's past there (loop-context.ts `LoopScope`):
 *   'validation'  the training items (the sequences the model keeps);
 *   'test'        the training items followed by the validation item, as the original SASRec
 *                 evaluation reads them (src/eval/sequential-eval.ts `sasrecFor`);
 *   'serve'       everything the user has rated, in time order.
 * A view scores with the model's weights and follows its training; views are kept per model and
 * scope so its cached representations (every user's h_u for similar-user queries) are reused.
 */
import { sasrecFor, type SequenceModel } from '../eval/sequential-eval.ts';
import { userSequences } from '../models/sasrec/user-sequences.ts';
import type { ScoringModel } from '../models/scoring-model.ts';
import type { LoopContext, LoopScope } from './loop-context.ts';

const views = new WeakMap<ScoringModel, Map<LoopScope, ScoringModel>>();

function isSequenceModel(model: ScoringModel): model is SequenceModel {
  return model.kind === 'sasrec' && typeof (model as Partial<SequenceModel>).withSequences === 'function';
}

/** The model as it should score `scope`'s users: itself for MF, a view over the scope's sequences for SASRec. */
export function modelForScope(ctx: LoopContext, model: ScoringModel, scope: LoopScope): ScoringModel {
  if (!isSequenceModel(model) || scope === 'validation') return model;
  let byScope = views.get(model);
  if (!byScope) views.set(model, (byScope = new Map()));
  let view = byScope.get(scope);
  if (!view) {
    const table = ctx.dataset.interactions;
    view = scope === 'test' ? sasrecFor(model, table, ctx.split, 'test') : model.withSequences(userSequences(table, allRows(ctx), ctx.numUsers));
    byScope.set(scope, view);
  }
  return view;
}

function allRows(ctx: LoopContext): Int32Array {
  return Int32Array.from({ length: ctx.dataset.interactions.length }, (_, r) => r);
}
