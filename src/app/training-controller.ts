/**
 * The demo's training of one task's model, through the app's one recommender (`rec.train()`,
 * which runs in the training worker): MF for the top-k ('ranking') or SASRec for the "Next up"
 * list ('next'): start/cancel, progress, the loss curve and validation metric as epochs
 * finish, the choice of D or D ∪ D_aug, and on load the model the recommender serves (a
 * previous visit's, from IndexedDB). A Lit ReactiveController, so <l4r-app> re-renders as
 * training moves.
 *
 * Resume: a run that stopped before it finished is shown as interrupted, with its last committed
 * epoch (`rec.interruptedTraining()`), and "Continue training" carries on from there. When this
 * tab was training as it went away (a reload; the run marker in sessionStorage says so), the
 * reloaded page continues the run by itself.
 */
import { DEFAULT_CONFIG } from '../config.ts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isRecError } from '../errors.ts';
import { isBackendRequest } from '../models/backend-request.ts';
import type { TrainProgress } from '../training/train-session.ts';
import type { Recommender } from '../api/recommender.ts';
import type { ActiveModelInfo } from '../training/serving-models.ts';
import type { MfOptions, SasRecOptions, TrainReport } from '../training/train-task.ts';
import type { RecommendTask } from '../api/recommender.ts';
import type { EpochPoint, TrainingView, TrainStartDetail } from '../ui/l4r-training-panel.ts';
import { sessionRunMarker, type RunMarker } from './run-marker.ts';

/** What the controller uses of the recommender. */
export type TrainingRec = Pick<Recommender, 'train' | 'activeModel' | 'interruptedTraining'> & { store: Pick<Recommender['store'], 'countAugmentedPairs'> };

/** The demo trains BPR-MF (the paper's top-k setting) with shorter runs than the library's (src/config.ts). */
export const DEMO_MF: MfOptions = { epochs: DEFAULT_CONFIG.demo.epochs, patience: DEFAULT_CONFIG.demo.patience };

/** SASRec in the demo: a short run (each epoch reads every window of every user), validated every few epochs. */
export const DEMO_SASREC: SasRecOptions = { epochs: DEFAULT_CONFIG.demo.sasrecEpochs, validateEvery: DEFAULT_CONFIG.demo.sasrecValidateEvery, patience: DEFAULT_CONFIG.demo.sasrecPatience };

/** The running loss is read back every this many batches, so the curve moves within an epoch. */
const REPORT_EVERY = DEFAULT_CONFIG.demo.reportEvery;

/**
 * `?epochs=N` in the page URL (1–200) trains N epochs instead: a quick look on a slow device,
 * and what the end-to-end test uses. `?patience=N` (1–200) stops early only after N epochs
 * without gain (a run the end-to-end tests interrupt must still be running). `?backend=webgpu`
 * (or webgl, wasm, cpu) trains on that TF.js backend instead of the automatic choice, e.g. to
 * compare SwiftShader's WebGPU with WASM. Anything else keeps the default.
 */
export function demoMfOptions(search: string = globalThis.location?.search ?? ''): MfOptions {
  const params = new URLSearchParams(search);
  const count = (name: string) => {
    const raw = params.get(name);
    const value = raw === null ? NaN : Number(raw);
    return Number.isInteger(value) && value >= 1 && value <= 200 ? value : undefined;
  };
  const backend = params.get('backend');
  const options: MfOptions = { ...DEMO_MF };
  const epochs = count('epochs');
  const patience = count('patience');
  if (epochs !== undefined) options.epochs = epochs;
  if (patience !== undefined) options.patience = patience;
  if (isBackendRequest(backend)) options.backend = backend;
  return options.epochs === DEMO_MF.epochs && options.patience === DEMO_MF.patience && options.backend === undefined ? DEMO_MF : options;
}

const METRIC_NAME = 'NDCG@10 (validation)';

export class TrainingController implements ReactiveController {
  view: TrainingView = { state: 'unavailable', reason: 'Waiting for the dataset…', epochs: [], metricName: METRIC_NAME };
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private rec: TrainingRec | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly totalEpochs: number,
    /** Called when training finished: a new model serves. */
    private readonly onTrained: (report: TrainReport) => void,
    /** Why the store has no augmented pairs (no LLM, or augmentation not run yet), asked whenever it has none. */
    private readonly noPairsReason: () => string | undefined = () => undefined,
    /** Whether this tab was training when it went away (a reload): then the run continues by itself. */
    private readonly marker: RunMarker<{ useAugmented: boolean }> = sessionRunMarker('training'),
    /** Which task's model this controller trains: MF's top-k (default) or SASRec's next items. */
    private readonly task: RecommendTask = 'ranking',
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /**
   * Shows what the recommender serves now (after a reload, an import, a clear), an interrupted
   * run if there is one, and the pairs the next training could add; `undefined` (no dataset)
   * makes training unavailable. A run this tab was making when it was reloaded continues.
   * Returns the serving model, or null.
   */
  async refresh(rec: TrainingRec | undefined, reason = 'Import a dataset first.'): Promise<ActiveModelInfo | null> {
    this.rec = rec;
    const notice = this.view.notice === undefined ? {} : { notice: this.view.notice };
    if (!rec) {
      this.set({ state: 'unavailable', reason, epochs: [], metricName: METRIC_NAME, ...notice });
      return null;
    }
    const [info, storedPairs, interrupted] = await Promise.all([rec.activeModel(this.task), this.storedAnswers(rec), rec.interruptedTraining(this.task)]);
    if (this.view.state === 'running' || this.rec !== rec) return info;
    // Per-epoch losses are not stored, only the best state: the curve starts empty after a reload.
    const served = {
      ...(info ? { savedAt: info.savedAt, augmentedPairs: info.augmentedPairs } : {}),
      ...(info?.finished ? { bestMetric: info.bestValidation } : {}),
    };
    const base = { epochs: [], metricName: METRIC_NAME, totalEpochs: this.totalEpochs, ...served, ...this.pairs(storedPairs), ...notice };
    const wasRunning = this.marker.get();
    if (interrupted) {
      const run = { epoch: interrupted.epoch, augmentedPairs: interrupted.augmentedPairs, replacesServed: interrupted.replacesServed };
      this.set({ ...base, state: 'interrupted', interrupted: run });
      // This tab was training when it was reloaded: carry on from the last committed epoch.
      if (wasRunning) void this.start({ useAugmented: run.augmentedPairs > 0, resume: true });
    } else if (wasRunning && !info?.finished) {
      // Reloaded before the first epoch was committed: nothing to continue, so start it again.
      this.set({ ...base, state: 'idle' });
      void this.start({ useAugmented: wasRunning.useAugmented === true, resume: false });
    } else {
      this.marker.clear();
      this.set({ ...base, state: info?.finished ? 'done' : 'idle' });
    }
    return info;
  }

  /** The augmentation panel wrote pairs (or the LLM changed): the toggle's count and reason follow. */
  async pairsChanged(): Promise<void> {
    if (!this.rec) return;
    const storedPairs = await this.storedAnswers(this.rec);
    const { noPairsReason: _stale, ...view } = this.view;
    this.set({ ...view, ...this.pairs(storedPairs) });
  }

  /** Trains: a fresh run with the toggle's choice, or (`resume`) the interrupted run from its last epoch. */
  async start(detail: TrainStartDetail): Promise<void> {
    const rec = this.rec;
    if (!rec || this.view.state === 'running') return;
    const run = this.run(rec, detail);
    this.running = run;
    try {
      await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async run(rec: TrainingRec, { useAugmented, resume = false }: TrainStartDetail): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const epochs: EpochPoint[] = [];
    const pairs = this.pairs(this.view.storedPairs ?? 0);
    const continuedFrom = resume ? this.view.interrupted?.epoch : undefined;
    const from = continuedFrom === undefined ? {} : { continuedFrom, epoch: continuedFrom + 1 };
    this.set({ state: 'running', epochs, metricName: METRIC_NAME, totalEpochs: this.totalEpochs, progress: { phase: 'Preparing', done: 0 }, ...from, ...pairs });
    this.marker.set({ useAugmented });
    try {
      // A new run starts over (the person asked to train, so a finished checkpoint is not just
      // served again); continuing resumes the interrupted run's checkpoint.
      const report = await rec.train({
        ...(this.task === 'next' ? { task: 'next' as const } : {}),
        fresh: !resume,
        useAugmented,
        reportEvery: REPORT_EVERY,
        signal: abort.signal,
        onProgress: (p) => this.onProgress(p, epochs),
        onWaiting: () => this.set({ ...this.view, progress: { phase: 'Waiting for another tab’s job (or import) to finish', done: 0 } }),
      });
      this.set({
        state: 'done',
        epochs,
        metricName: METRIC_NAME,
        totalEpochs: this.totalEpochs,
        backend: report.backend.backend,
        savedAt: Date.now(),
        bestMetric: report.bestValidation,
        augmentedPairs: report.augmentedPairs,
        ...pairs,
      });
      this.onTrained(report);
    } catch (error) {
      // Stopped because the data is being replaced (an import or a clear, perhaps in another tab): not a failure of this run.
      const stopped = isRecError(error) && error.code === 'DATASET_CHANGED';
      // A cancel, by its code: whatever class the error arrived as from the worker.
      const cancelled = isRecError(error) && error.code === 'ABORTED';
      const { notice: _old, error: _error, continuedFrom: _from, ...view } = this.view;
      if (cancelled) this.set({ ...view, state: 'idle', progress: undefined });
      else if (stopped) this.set({ ...view, state: 'idle', progress: undefined, notice: error.message });
      else this.set({ ...view, state: 'error', error, progress: undefined });
    } finally {
      this.marker.clear();
      if (this.abort === abort) this.abort = undefined;
    }
    // Cancelled: the run's last committed epoch is now an interrupted run the panel offers to continue.
    if (this.view.state === 'idle' && this.rec === rec && this.view.notice === undefined) await this.refresh(rec).catch(() => undefined);
  }

  cancel(): void {
    this.abort?.abort();
  }

  /** Cancels a run and waits until it has ended (the worker stopped writing checkpoints). */
  async stop(): Promise<void> {
    this.cancel();
    await this.running;
  }

  /** The augmentation answers this task's model can train with: pairs for the top-k, next-item picks for SASRec. */
  private storedAnswers(rec: TrainingRec): Promise<number> {
    return rec.store.countAugmentedPairs(this.task === 'next' ? 'sequential' : 'pair');
  }

  private pairs(storedPairs: number): Pick<TrainingView, 'storedPairs' | 'noPairsReason'> {
    const reason = storedPairs === 0 ? this.noPairsReason() : undefined;
    return { storedPairs, ...(reason === undefined ? {} : { noPairsReason: reason }) };
  }

  private onProgress(p: TrainProgress, epochs: EpochPoint[]): void {
    // The report at an epoch's last batch with a validation value closes that epoch.
    if (p.batch === p.batches && p.loss !== undefined && p.validation !== undefined) {
      const point: EpochPoint = { epoch: p.epoch, loss: p.loss, metric: p.validation };
      const at = epochs.findIndex((e) => e.epoch === p.epoch);
      if (at >= 0) epochs[at] = point;
      else epochs.push(point);
    }
    this.set({
      ...this.view,
      epochs: [...epochs],
      epoch: p.epoch,
      progress: {
        phase: `epoch ${p.epoch} of ${p.epochs}, batch ${p.batch} of ${p.batches}`,
        done: (p.epoch - 1) * p.batches + p.batch,
        total: p.epochs * p.batches,
      },
    });
  }

  private set(view: TrainingView): void {
    this.view = view;
    this.host.requestUpdate();
  }
}
