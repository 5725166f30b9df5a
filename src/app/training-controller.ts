/**
 * The demo's MF training: start/cancel, progress, the loss curve and validation metric as
 * epochs finish, and on load the model a previous visit trained (checkpoints live in IndexedDB).
 * A Lit ReactiveController, so <l4r-app> re-renders as training moves.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RecStore } from '../data/store.ts';
import { AbortedError } from '../errors.ts';
import type { BackendChoice } from '../models/backend.ts';
import type { StoredTraining, TrainOutcome, TrainProgress, TrainRequest } from '../models/train-session.ts';
import type { EpochPoint, TrainingView } from '../ui/l4r-training-panel.ts';
import { RANKING_CHECKPOINT } from '../ui/store-recommendation-source.ts';

/** Runs one training; the app passes the training worker's entry (or trainFromStore itself). */
export type Trainer = (
  request: TrainRequest,
  options: { signal: AbortSignal; onProgress: (progress: TrainProgress) => void },
) => Promise<TrainOutcome>;

/** The demo trains BPR-MF: the paper's top-k setting. */
export const DEMO_TRAIN_REQUEST: TrainRequest = { kind: 'mf-bpr', checkpointName: RANKING_CHECKPOINT, epochs: 20, patience: 3, reportEvery: 20 };

/**
 * `?epochs=N` in the page URL (1–200) trains N epochs instead: a quick look on a slow device,
 * and what the end-to-end test uses. Anything else keeps the default.
 */
export function demoTrainRequest(search: string = globalThis.location?.search ?? ''): TrainRequest {
  const raw = new URLSearchParams(search).get('epochs');
  const epochs = raw === null ? NaN : Number(raw);
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 200) return DEMO_TRAIN_REQUEST;
  return { ...DEMO_TRAIN_REQUEST, epochs };
}
const METRIC_NAME = 'NDCG@10 (validation)';

export class TrainingController implements ReactiveController {
  view: TrainingView = { state: 'idle', epochs: [], metricName: METRIC_NAME };
  private abort: AbortController | undefined;
  private readonly request = demoTrainRequest();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly trainer: Trainer,
    /** Called when a trained model is ready (after training, or found in the store). */
    private readonly onTrained: (backend: BackendChoice | undefined) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
  }

  /** After a reload: show the model an earlier visit trained, if the store has one. */
  async restore(store: RecStore): Promise<boolean> {
    const record = await store.getCheckpoint(RANKING_CHECKPOINT);
    const stored = record?.value as StoredTraining | undefined;
    if (!record || !stored?.model) {
      this.set({ state: 'idle', epochs: [], metricName: METRIC_NAME });
      return false;
    }
    // Per-epoch losses are not stored, only the best state: the curve starts empty after a reload.
    this.set({
      state: stored.finished ? 'done' : 'idle',
      epochs: [],
      metricName: METRIC_NAME,
      savedAt: record.savedAt,
      ...(stored.finished ? { bestMetric: stored.fit.bestValidation } : {}),
    });
    return stored.finished;
  }

  async start(): Promise<void> {
    if (this.view.state === 'running') return;
    const abort = new AbortController();
    this.abort = abort;
    const epochs: EpochPoint[] = [];
    this.set({ state: 'running', epochs, metricName: METRIC_NAME, totalEpochs: this.request.epochs, progress: { phase: 'Preparing', done: 0 } });
    try {
      const outcome = await this.trainer(
        // Start over: the person asked to train, so a finished checkpoint is not just returned.
        { ...this.request, resume: false },
        { signal: abort.signal, onProgress: (p) => this.onProgress(p, epochs) },
      );
      this.set({
        state: 'done',
        epochs,
        metricName: METRIC_NAME,
        totalEpochs: this.request.epochs,
        backend: outcome.backend.backend,
        savedAt: Date.now(),
        bestMetric: outcome.bestValidation,
      });
      this.onTrained(outcome.backend);
    } catch (error) {
      this.set({
        ...this.view,
        state: error instanceof AbortedError ? 'idle' : 'error',
        ...(error instanceof AbortedError ? {} : { error }),
        progress: undefined,
      });
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  private onProgress(p: TrainProgress, epochs: EpochPoint[]): void {
    // The report at an epoch's last batch with a loss closes that epoch (it carries the validation).
    if (p.batch === p.batches && p.loss !== undefined && p.validation !== undefined) {
      const point: EpochPoint = { epoch: p.epoch, loss: p.loss, metric: p.validation };
      const at = epochs.findIndex((e) => e.epoch === p.epoch);
      if (at >= 0) epochs[at] = point;
      else epochs.push(point);
    }
    this.set({
      ...this.view,
      epochs: [...epochs],
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

