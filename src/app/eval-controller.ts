/**
 * The demo's evaluation, through the app's one recommender (`rec.evaluate()`): what the
 * recommender serves (MF alone, or blended with the loaded LLM) on each user's leave-one-out
 * test item, overall and per user-activity group, and α_u against interactions (`rec.userAlphas()`).
 * Runs on the page: MF's scores are a few matrix products; each LLM re-ranking is one call.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AbortedError } from '../errors.ts';
import type { Recommender } from '../api/recommender.ts';
import type { EvalView } from '../ui/l4r-eval-panel.ts';
import { modelLabel } from '../ui/source-from-recommender.ts';

/** What the controller uses of the recommender. */
export type EvalRec = Pick<Recommender, 'evaluate' | 'userAlphas' | 'activeModel'>;

const KS = [3, 5, 10] as const;
const METRICS = KS.flatMap((k) => [`HR@${k}`, `NDCG@${k}`]);
const NO_MODEL = 'Train a model first: evaluation ranks each user’s latest item with it.';

export class EvalController implements ReactiveController {
  view: EvalView = { state: 'unavailable', reason: NO_MODEL, metricNames: METRICS, groups: [] };
  private abort: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /** The serving model (or LLM) changed: evaluation becomes possible (or not); old figures are dropped. */
  setModelAvailable(available: boolean): void {
    this.abort?.abort();
    this.set(available ? { state: 'idle', metricNames: METRICS, groups: [] } : { state: 'unavailable', reason: NO_MODEL, metricNames: METRICS, groups: [] });
  }

  async run(rec: EvalRec): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.set({ state: 'running', metricNames: METRICS, groups: [], progress: { phase: 'Ranking test items', done: 0 } });
    try {
      const [report, alphas, active] = await Promise.all([
        rec.evaluate({ signal: abort.signal, onProgress: (progress) => !abort.signal.aborted && this.set({ ...this.view, progress }) }),
        rec.userAlphas(),
        rec.activeModel('ranking'),
      ]);
      // Superseded (the model changed, another run started) while finishing: these figures are stale.
      if (abort.signal.aborted) return;
      const ranking = report.ranking;
      const how = report.llm
        ? `${report.llm.modelId} re-ranked MF’s top ${report.kPrime} (${ranking.llmCalls.toLocaleString('en-US')} calls; ${ranking.skipped.toLocaleString('en-US')} skipped, where the LLM could not change the list)`
        : 'MF alone (no language model loaded), all unseen items as candidates';
      // α_u from the same training counts the groups use, one point per distinct count.
      const byCount = new Map<number, number>();
      alphas.interactions.forEach((n, u) => byCount.set(n, alphas.alpha[u]!));
      const interactions = [...byCount.keys()].sort((a, b) => a - b);
      this.set({
        state: 'done',
        subject: `${modelLabel(active)} on each user’s latest item (leave-one-out by time), ${ranking.users.toLocaleString('en-US')} users; ${how}.`,
        metricNames: METRICS,
        overall: ranking.overall,
        groups: ranking.groups.map((g) => ({ label: g.label, users: g.users, metrics: g.metrics })),
        alphaCurve: {
          interactions,
          alpha: interactions.map((n) => byCount.get(n)!),
          params: `α1 = ${alphas.params.alpha1}, α2 = ${alphas.params.alpha2}`,
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
