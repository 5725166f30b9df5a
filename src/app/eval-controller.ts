/**
 * The demo's evaluation: the current model on the leave-one-out test items (src/eval), overall
 * and per user-activity group, and α_u against interactions (src/aggregate/long-tail.ts).
 * Runs on the page: scoring 610 users × 9.7K items is a few matrix products.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Dataset } from '../data/types.ts';
import { leaveOneOutByTime } from '../data/splits.ts';
import { evaluateRanking } from '../eval/evaluate.ts';
import { alphaForUsers, type AlphaParams } from '../aggregate/long-tail.ts';
import type { Recommender } from '../models/recommender.ts';
import { AbortedError } from '../errors.ts';
import type { EvalView } from '../ui/l4r-eval-panel.ts';

const KS = [3, 5, 10] as const;
const METRICS = KS.flatMap((k) => [`HR@${k}`, `NDCG@${k}`]);

export class EvalController implements ReactiveController {
  view: EvalView = { state: 'unavailable', reason: 'Train a model first: evaluation ranks each user’s latest item with it.', metricNames: METRICS, groups: [] };
  private abort: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /** A model appeared or went away: evaluation becomes possible (or not); old figures are dropped. */
  setModelAvailable(available: boolean): void {
    this.abort?.abort();
    this.set(
      available
        ? { state: 'idle', metricNames: METRICS, groups: [] }
        : { state: 'unavailable', reason: 'Train a model first: evaluation ranks each user’s latest item with it.', metricNames: METRICS, groups: [] },
    );
  }

  async run(model: Recommender, label: string, dataset: Dataset, alphaParams: AlphaParams): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.set({ state: 'running', metricNames: METRICS, groups: [], progress: { phase: 'Ranking test items', done: 0 } });
    try {
      const table = dataset.interactions;
      const report = await evaluateRanking(model, table, leaveOneOutByTime(table), {
        target: 'test',
        ks: KS,
        signal: abort.signal,
        onProgress: (progress) => this.set({ ...this.view, progress }),
      });
      // α_u from the same training counts the groups use, one point per distinct count.
      const counts = report.perUser.trainCount;
      const alphas = alphaForUsers(counts, alphaParams);
      const byCount = new Map<number, number>();
      counts.forEach((n, i) => byCount.set(n, alphas[i]!));
      const interactions = [...byCount.keys()].sort((a, b) => a - b);
      this.set({
        state: 'done',
        subject: `${label} on each user’s latest item (leave-one-out by time), ${report.users.toLocaleString('en-US')} users, all unseen items as candidates.`,
        metricNames: METRICS,
        overall: report.overall,
        groups: report.groups.map((g) => ({ label: g.label, users: g.users, metrics: g.metrics })),
        alphaCurve: {
          interactions,
          alpha: interactions.map((n) => byCount.get(n)!),
          params: `α1 = ${alphaParams.alpha1}, α2 = ${alphaParams.alpha2}`,
        },
      });
    } catch (error) {
      if (error instanceof AbortedError || abort.signal.aborted) return;
      this.set({ state: 'error', error, metricNames: METRICS, groups: [] });
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
  }

  private set(view: EvalView): void {
    this.view = view;
    this.host.requestUpdate();
  }
}
