/**
 * The demo's LLM data augmentation, through the recommender's own job (createRecommender's
 * augment(): long-tail users first, resumable, pause/resume, cancel). Available once an LLM is
 * loaded; the pairs land in the store and the next training run uses them.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RecStore } from '../data/store.ts';
import { AbortedError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import type { Llama4Rec } from '../recommender/create-recommender.ts';
import type { AugmentView } from '../ui/l4r-augment-panel.ts';

const NO_LLM = 'Load a language model first (Language model panel): it writes the extra training pairs.';

export class AugmentController implements ReactiveController {
  view: AugmentView = { state: 'unavailable', reason: NO_LLM };
  private rec: Llama4Rec | undefined;
  private abort: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
    void this.rec?.dispose();
  }

  /** The loaded LLM changed (or went away): a new job runner over the same store. */
  async setEngine(store: RecStore, engine: LlmEngine | undefined): Promise<void> {
    this.abort?.abort();
    await this.rec?.dispose();
    // Loaded only once an LLM is: the page does not pay for the augmentation code before.
    this.rec = engine ? await (await import('../recommender/create-recommender.ts')).createRecommender({ store, llm: engine }) : undefined;
    const storedPairs = await store.countAugmentedPairs();
    this.set(engine ? { state: 'idle', storedPairs } : { state: 'unavailable', reason: NO_LLM, storedPairs });
  }

  async start(): Promise<void> {
    const rec = this.rec;
    if (!rec || this.view.state === 'running' || this.view.state === 'paused') return;
    const abort = new AbortController();
    this.abort = abort;
    this.set({ ...this.view, state: 'running', progress: { phase: 'Planning pairs', done: 0 } });
    try {
      const report = await rec.augment({
        signal: abort.signal,
        onProgress: (progress) => this.set({ ...this.view, progress }),
      });
      this.set({
        state: 'done',
        storedPairs: await rec.store.countAugmentedPairs(),
        last: { calls: report.calls, committed: report.committed, unanswered: report.unanswered, stopped: report.stopped },
      });
    } catch (error) {
      const storedPairs = await rec.store.countAugmentedPairs();
      this.set(error instanceof AbortedError ? { state: 'idle', storedPairs } : { state: 'error', error, storedPairs });
    } finally {
      if (this.abort === abort) this.abort = undefined;
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
    // A paused job must wake up to see the abort.
    this.rec?.resumeAugmentation();
    this.abort?.abort();
  }

  private set(view: AugmentView): void {
    this.view = view;
    this.host.requestUpdate();
  }
}
