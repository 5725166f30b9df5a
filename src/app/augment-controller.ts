/**
 * The demo's LLM data augmentation, through the app's one recommender (`rec.augment()`:
 * long-tail users first, resumable, pause/resume, cancel; in the augmentation worker when the
 * recommender has an engine spec for it). Available while an LLM is set. Two kinds: preference
 * pairs (`rec.augment()`), which the MF training panel offers to its next training, and next-item
 * picks (`rec.augment({ sequential })`, the API's default sequential budget), which the SASRec
 * training panel offers to its next training.
 *
 * Resume: a job this tab was running when it was reloaded (the run marker in sessionStorage says
 * so, and which kind it was) continues by itself once the recommender and an LLM are there again;
 * the job's plan is the same, so it asks only the questions whose answers were not committed yet.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isRecError } from '../errors.ts';
import type { Recommender } from '../api/recommender.ts';
import { defaultSequentialBudget } from '../loop/augment-loop.ts';
import type { AugmentKind, AugmentView } from '../ui/l4r-augment-panel.ts';
import { sessionRunMarker, type RunMarker } from './run-marker.ts';

/** What the controller uses of the recommender. */
export type AugmentRec = Pick<Recommender, 'augment' | 'pauseAugmentation' | 'resumeAugmentation'> & {
  store: Pick<Recommender['store'], 'countAugmentedPairs'>;
};

export const NO_LLM_FOR_AUGMENTATION = 'Load a language model first (Language model panel): it writes the extra training pairs.';

/** What the run marker keeps: when the job started and which kind of questions it asked. */
export interface AugmentRunMarker {
  startedAt: number;
  kind: AugmentKind;
}

/** The kind a marker names; one written before markers named it (or unreadable) was a pair job. */
function markedKind(marker: Partial<AugmentRunMarker>): AugmentKind {
  return marker.kind === 'sequential' ? 'sequential' : 'pair';
}

export class AugmentController implements ReactiveController {
  view: AugmentView = { state: 'unavailable', reason: NO_LLM_FOR_AUGMENTATION };
  private rec: AugmentRec | undefined;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  /** Bumped by setAvailable: a job from before it must not overwrite the panel afterwards. */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called after a run (finished, cancelled or failed): the store's records of that kind may have changed. */
    private readonly onAnswersChanged: (kind: AugmentKind) => void,
    /** Whether this tab was augmenting when it went away (a reload), and which kind: then the job continues by itself. */
    private readonly marker: RunMarker<AugmentRunMarker> = sessionRunMarker('augmentation'),
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /**
   * The recommender, and whether it has an LLM to augment with (none: the panel says why).
   * A job in flight is cancelled: it was asking the LLM that just went away.
   */
  async setAvailable(rec: AugmentRec | undefined, hasLlm: boolean): Promise<void> {
    this.cancel();
    const generation = ++this.generation;
    this.rec = rec;
    const counts = rec ? await storedCounts(rec) : {};
    // A later call decided meanwhile: its view stands.
    if (generation !== this.generation) return;
    this.set(rec && hasLlm ? { state: 'idle', ...counts } : { state: 'unavailable', reason: rec ? NO_LLM_FOR_AUGMENTATION : 'Import a dataset first.', ...counts });
    // This tab was augmenting when it was reloaded: carry on with the same kind (committed answers are not asked again).
    const marked = this.marker.get();
    if (rec && hasLlm && marked) void this.start({ kind: markedKind(marked), continued: true });
  }

  /** Asks the LLM questions of `kind` (default: preference pairs). */
  async start(options: { kind?: AugmentKind; continued?: boolean } = {}): Promise<void> {
    const rec = this.rec;
    if (!rec || this.view.state !== 'idle' && this.view.state !== 'done' && this.view.state !== 'error') return;
    const run = this.run(rec, options.kind ?? 'pair', options.continued === true);
    // A job cancelled by setAvailable may still be finishing its user: stop() waits for it too.
    const all = Promise.all([this.running, run]).then(() => undefined);
    this.running = all;
    try {
      await run;
    } finally {
      if (this.running === all) this.running = undefined;
    }
  }

  /** Cancels a job and waits until it has ended (no more pairs are written). */
  async stop(): Promise<void> {
    this.cancel();
    await this.running;
  }

  private async run(rec: AugmentRec, kind: AugmentKind, continued: boolean): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const generation = this.generation;
    const { continued: _previous, ...view } = this.view;
    const phase = kind === 'sequential' ? 'Planning next-item questions' : 'Planning pairs';
    this.set({ ...view, kind, ...(continued ? { continued } : {}), state: 'running', progress: { phase, done: 0 } });
    this.marker.set({ startedAt: Date.now(), kind });
    try {
      // After setAvailable (the LLM went away, another dataset) the panel is no longer this job's.
      const current = () => generation === this.generation;
      const report = await rec.augment({
        // Next-item picks: the API's default sequential budget (one question per long-tail user); pairs: its default pair budget.
        ...(kind === 'sequential' ? { sequential: defaultSequentialBudget() } : {}),
        signal: abort.signal,
        onProgress: (progress) => current() && this.set({ ...this.view, progress }),
      });
      const counts = await storedCounts(rec);
      if (current()) {
        const last = { calls: report.calls, committed: report.committed, unanswered: report.unanswered, alreadyCommitted: report.alreadyCommitted, stopped: report.stopped, kind };
        this.set({ state: 'done', kind, ...counts, last });
      }
    } catch (error) {
      const counts = await storedCounts(rec);
      // A cancel that came from the LLM going away leaves the panel as setAvailable put it.
      if (generation === this.generation) {
        // A cancel, by its code: whatever class the error arrived as from the worker.
        const cancelled = isRecError(error) && error.code === 'ABORTED';
        this.set(cancelled ? { state: 'idle', kind, ...counts } : { state: 'error', kind, error, ...counts });
      }
    } finally {
      this.marker.clear();
      if (this.abort === abort) this.abort = undefined;
      this.onAnswersChanged(kind);
    }
  }

  pause(): void {
    if (this.view.state !== 'running') return;
    this.rec?.pauseAugmentation();
    this.set({ ...this.view, state: 'paused' });
  }

  resume(): void {
    if (this.view.state !== 'paused') return;
    this.rec?.resumeAugmentation();
    this.set({ ...this.view, state: 'running' });
  }

  cancel(): void {
    if (!this.abort) return;
    // A paused job must wake up to see the abort.
    this.rec?.resumeAugmentation();
    this.abort.abort();
  }

  private set(view: AugmentView): void {
    this.view = view;
    this.host.requestUpdate();
  }
}

/** The LLM-written records of each kind in the store, as the panel shows them. */
async function storedCounts(rec: AugmentRec): Promise<Pick<AugmentView, 'storedPairs' | 'storedPicks'>> {
  const [storedPairs, storedPicks] = await Promise.all([rec.store.countAugmentedPairs('pair'), rec.store.countAugmentedPairs('sequential')]);
  return { storedPairs, storedPicks };
}
