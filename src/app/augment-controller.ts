/**
 * The demo's LLM data augmentation, through the app's one recommender (`rec.augment()`:
 * long-tail users first, resumable, pause/resume, cancel; in the augmentation worker when the
 * recommender has an engine spec for it). Available while an LLM is set; the pairs land in the
 * store, and the training panel offers them to the next training.
 *
 * Resume: a job this tab was running when it was reloaded (the run marker in sessionStorage says
 * so) continues by itself once the recommender and an LLM are there again; the job's plan is the
 * same, so it asks only the questions whose answers were not committed yet.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isRecError } from '../errors.ts';
import type { Recommender } from '../api/recommender.ts';
import type { AugmentView } from '../ui/l4r-augment-panel.ts';
import { sessionRunMarker, type RunMarker } from './run-marker.ts';

/** What the controller uses of the recommender. */
export type AugmentRec = Pick<Recommender, 'augment' | 'pauseAugmentation' | 'resumeAugmentation'> & {
  store: Pick<Recommender['store'], 'countAugmentedPairs'>;
};

export const NO_LLM_FOR_AUGMENTATION = 'Load a language model first (Language model panel): it writes the extra training pairs.';

export class AugmentController implements ReactiveController {
  view: AugmentView = { state: 'unavailable', reason: NO_LLM_FOR_AUGMENTATION };
  private rec: AugmentRec | undefined;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  /** Bumped by setAvailable: a job from before it must not overwrite the panel afterwards. */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called after a run (finished, cancelled or failed): the store's pairs may have changed. */
    private readonly onPairsChanged: () => void,
    /** Whether this tab was augmenting when it went away (a reload): then the job continues by itself. */
    private readonly marker: RunMarker<{ startedAt: number }> = sessionRunMarker('augmentation'),
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
    const storedPairs = rec ? await rec.store.countAugmentedPairs('pair') : undefined;
    // A later call decided meanwhile: its view stands.
    if (generation !== this.generation) return;
    const counts = storedPairs === undefined ? {} : { storedPairs };
    this.set(rec && hasLlm ? { state: 'idle', ...counts } : { state: 'unavailable', reason: rec ? NO_LLM_FOR_AUGMENTATION : 'Import a dataset first.', ...counts });
    // This tab was augmenting when it was reloaded: carry on (committed answers are not asked again).
    if (rec && hasLlm && this.marker.get()) void this.start({ continued: true });
  }

  async start(options: { continued?: boolean } = {}): Promise<void> {
    const rec = this.rec;
    if (!rec || this.view.state !== 'idle' && this.view.state !== 'done' && this.view.state !== 'error') return;
    const run = this.run(rec, options.continued === true);
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

  private async run(rec: AugmentRec, continued: boolean): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const generation = this.generation;
    const { continued: _previous, ...view } = this.view;
    this.set({ ...view, ...(continued ? { continued } : {}), state: 'running', progress: { phase: 'Planning pairs', done: 0 } });
    this.marker.set({ startedAt: Date.now() });
    try {
      // After setAvailable (the LLM went away, another dataset) the panel is no longer this job's.
      const current = () => generation === this.generation;
      const report = await rec.augment({ signal: abort.signal, onProgress: (progress) => current() && this.set({ ...this.view, progress }) });
      const storedPairs = await rec.store.countAugmentedPairs('pair');
      if (current()) {
        const last = { calls: report.calls, committed: report.committed, unanswered: report.unanswered, alreadyCommitted: report.alreadyCommitted, stopped: report.stopped };
        this.set({ state: 'done', storedPairs, last });
      }
    } catch (error) {
      const storedPairs = await rec.store.countAugmentedPairs('pair');
      // A cancel that came from the LLM going away leaves the panel as setAvailable put it.
      if (generation === this.generation) {
        // A cancel, by its code: whatever class the error arrived as from the worker.
        const cancelled = isRecError(error) && error.code === 'ABORTED';
        this.set(cancelled ? { state: 'idle', storedPairs } : { state: 'error', error, storedPairs });
      }
    } finally {
      this.marker.clear();
      if (this.abort === abort) this.abort = undefined;
      this.onPairsChanged();
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
