import { LitElement, css, html } from 'lit';
import type { Progress } from '../progress.ts';
import type { RecStore } from '../data/store.ts';
import { openRecStore } from '../data/store.ts';
import type { DatasetMeta } from '../data/db.ts';
import type { DatasetChange } from '../data/store-channel.ts';
import { sourceFromFiles } from '../data/import/source.ts';
import { AbortedError } from '../errors.ts';
import type { BackendReport, DeviceReport, Known } from '../ui/device-report.ts';
import { errorMessage } from '../ui/format.ts';
import { deviceReport, probeDevice } from './measure-device.ts';
import { LlmController } from './llm-controller.ts';
import { cacheLoadedFiles } from './offline.ts';
import { DEMO_SASREC, demoMfOptions, TrainingController } from './training-controller.ts';
import { sessionRunMarker } from './run-marker.ts';
import { recommenderSource } from '../ui/source-from-recommender.ts';
import { EvalController } from './eval-controller.ts';
import { AugmentController } from './augment-controller.ts';
import { demoTestDouble } from './demo-test-double.ts';
import { setDefaultRecommendationSource } from '../ui/default-source.ts';
import type { Recommender } from '../api/recommender.ts';
import type { TrainReport } from '../training/train-task.ts';
import type { TrainStartDetail } from '../ui/l4r-training-panel.ts';
import type { PastInteraction } from '../loop/loop-context.ts';
import { isRecError } from '../errors.ts';
import type { RecommendationSource } from '../ui/recommendation-source.ts';
import '../ui/l4r-data-panel.ts';
import '../ui/l4r-device-panel.ts';
import '../ui/l4r-training-panel.ts';
import '../ui/l4r-llm-panel.ts';
import '../ui/l4r-user-explorer.ts';
import '../ui/l4r-eval-panel.ts';
import '../ui/l4r-augment-panel.ts';
import type { AugmentStartDetail } from '../ui/l4r-augment-panel.ts';

/**
 * The demo: composes the panels and owns the one recommender (createRecommender over the one
 * store connection), through which every panel trains, augments, recommends and evaluates: the
 * demo is a client of the public API, not a second implementation of it. Panels only show state
 * and fire events; this element and its controllers do the work and pass results down.
 */
export class L4rApp extends LitElement {
  static override properties = {
    summary: { state: true },
    dataBusy: { state: true },
    dataProgress: { state: true },
    dataError: { state: true },
    status: { state: true },
    device: { state: true },
    userIds: { state: true },
    userId: { state: true },
    history: { state: true },
    source: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
      max-width: 84rem;
      margin: 0 auto;
      padding: 1rem;
      box-sizing: border-box;
    }
    header h1 {
      margin: 0;
      font-size: 1.5rem;
    }
    header p {
      margin: 0.25rem 0;
    }
    .status {
      min-height: 1.5em;
      color: var(--l4r-muted, #5b6270);
    }
    .grid {
      display: grid;
      /* min(100%, …) keeps one column in a narrow window instead of overflowing it. */
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
      gap: 1rem;
      margin-top: 1rem;
      align-items: start;
    }
    .wide {
      grid-column: 1 / -1;
    }
    footer {
      margin-top: 1.5rem;
      font-size: 0.85rem;
      color: var(--l4r-muted, #5b6270);
    }
    .skip {
      position: absolute;
      left: -999px;
    }
    .skip:focus {
      left: 1rem;
      top: 1rem;
      background: #fff;
      padding: 0.25rem 0.5rem;
    }
  `;

  declare private summary: DatasetMeta | null | undefined;
  declare private dataBusy: boolean;
  declare private dataProgress: Progress | undefined;
  declare private dataError: unknown;
  declare private status: string;
  declare private device: DeviceReport | undefined;
  /** The dataset's user ids, once per load (a new array each render would redraw the picker). */
  declare private userIds: string[] | undefined;
  declare private userId: string;
  declare private history: PastInteraction[] | undefined;
  private readonly mf = demoMfOptions();
  private readonly training = new TrainingController(
    this,
    this.mf.epochs!,
    (report) => this.onTrained(report),
    () => this.noAnswersReason('pair'),
  );
  /** SASRec for the explorer's "Next up" list: its own panel, run marker and short demo schedule. */
  private readonly nextTraining = new TrainingController(
    this,
    DEMO_SASREC.epochs!,
    (report) => this.onTrained(report),
    () => this.noAnswersReason('sequential'),
    sessionRunMarker('training-next'),
    'next',
  );
  private readonly evaluation = new EvalController(this);
  /** A run's answers are offered to the next training of the model they are for: pairs to MF's, next-item picks to SASRec's. */
  private readonly augmentation = new AugmentController(this, (kind) => void (kind === 'sequential' ? this.nextTraining : this.training).pairsChanged());
  /** The one recommender: created once the store is open, disposed with the element. */
  private rec: Recommender | undefined;
  /** The TF.js backend, once a training run has reported the one it chose. */
  private backend: Known<BackendReport> = {
    state: 'unknown',
    reason: 'No TF.js backend has been chosen yet: training picks one and reports it here.',
  };
  private readonly llm = new LlmController(this, () => this.onEngineChange());
  declare private source: RecommendationSource | undefined;

  private store: RecStore | undefined;
  private importAbort: AbortController | undefined;
  /** Ends the subscription to the recommender's dataset changes. */
  private stopWatchingData: (() => void) | undefined;

  private startAttempt = 0;

  constructor() {
    super();
    this.summary = undefined;
    this.dataBusy = false;
    this.dataProgress = undefined;
    this.dataError = undefined;
    this.status = 'Opening the local store…';
    this.device = undefined;
    this.userIds = undefined;
    this.userId = '';
    this.history = undefined;
    this.source = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
    void this.refreshDevice();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.importAbort?.abort();
    this.stopWatchingData?.();
    this.stopWatchingData = undefined;
    void this.rec?.dispose();
    this.rec = undefined;
    this.store?.close();
    this.store = undefined;
  }

  /** First load: open the store and import the embedded dataset unless one is already there. */
  private async start(): Promise<void> {
    // Each connection starts once; an older start that finishes late (removed and re-added while
    // opening) closes what it opened instead of replacing the newer one's.
    const attempt = ++this.startAttempt;
    const stale = () => !this.isConnected || attempt !== this.startAttempt;
    try {
      // Loaded after the first paint: the recommender's chunk is the large one.
      const [store, { createRecommender }] = await Promise.all([openRecStore(), import('../api/create-recommender.ts')]);
      const rec = await createRecommender({ store, mf: this.mf, sasrec: DEMO_SASREC, trainIn: 'worker' }).catch((error: unknown) => {
        store.close();
        throw error;
      });
      if (stale()) {
        await rec.dispose();
        store.close();
        return;
      }
      this.store = store;
      this.rec = rec;
      // Another tab imported a dataset or deleted the data: stop and show what the store holds now.
      this.stopWatchingData = rec.onDatasetChange((change) => void this.onDatasetChanged(change));
      // `?llm=test-double`: a labelled double answers in place of a language model.
      const double = demoTestDouble();
      if (double) this.llm.useTestDouble(double);
      else this.applyLlm();
      this.summary = await this.store.info();
      if (this.summary === null) {
        this.status = 'First visit: importing the embedded MovieLens dataset into this browser…';
        // runImport loads the dataset into memory and sets the status itself.
        await this.runImport((options) => this.requireRec().ensureDataset(options));
        return;
      }
      // "Ready" only once the explorer can use the data, so nobody types into a picker that resets.
      await this.loadDataset();
      await this.showServingModel();
      this.status = readyText(this.summary);
    } catch (error) {
      this.summary ??= null;
      this.dataError = error;
      this.status = errorMessage(error);
    }
  }

  private requireStore(): RecStore {
    if (!this.store) throw new Error('The local store is not open yet.');
    return this.store;
  }

  private requireRec(): Recommender {
    if (!this.rec) throw new Error('The recommender is not open yet.');
    return this.rec;
  }

  /** Runs one import with progress and cancel; on failure the previous dataset stays and the error shows. */
  private async runImport(
    work: (options: { signal: AbortSignal; onProgress: (p: Progress) => void; beforeWrite: () => Promise<void> }) => Promise<DatasetMeta | null>,
  ): Promise<void> {
    this.importAbort?.abort();
    const abort = new AbortController();
    this.importAbort = abort;
    this.dataBusy = true;
    this.dataError = undefined;
    this.dataProgress = { phase: 'Starting', done: 0 };
    let jobsStopped = false;
    try {
      // Jobs stop only once the new data has parsed: a bad file leaves them running.
      const beforeWrite = () => {
        jobsStopped = true;
        return this.stopJobs('Importing a dataset…');
      };
      const meta = await work({ signal: abort.signal, onProgress: (p) => (this.dataProgress = p), beforeWrite });
      this.summary = meta ?? (await this.requireStore().info());
      void this.refreshDevice();
      await this.loadDataset();
      // A different dataset clears the stored model; the same one (re-imported) keeps it.
      await this.showServingModel();
      this.status = this.summary ? readyText(this.summary) : 'No dataset loaded.';
    } catch (error) {
      this.dataError = error;
      this.status = error instanceof AbortedError ? 'Import cancelled.' : 'The import failed; see the Data panel.';
      // The previous dataset stayed: if its panels were stopped for the write, they come back.
      if (jobsStopped) await this.showServingModel().catch(() => undefined);
    } finally {
      if (this.importAbort === abort) this.importAbort = undefined;
      this.dataBusy = false;
      this.dataProgress = undefined;
    }
  }

  private onImportFiles(event: CustomEvent<{ files: File[] }>): void {
    const files = event.detail.files;
    this.status = `Importing ${files.map((f) => f.name).join(', ')}…`;
    void this.runImport((options) => this.requireRec().import(sourceFromFiles(files), options));
  }

  /**
   * Training and augmentation write into the store as they go: before the data they were working on
   * is replaced or deleted, they are cancelled and waited for, so neither writes a checkpoint, an
   * active-model record or pairs of the old dataset into the new store.
   */
  private async stopJobs(why: string): Promise<void> {
    // Unavailable first, so nobody starts them again while the data changes; showServingModel()
    // makes them available again afterwards.
    void this.training.refresh(undefined, why);
    void this.nextTraining.refresh(undefined, why);
    void this.augmentation.setAvailable(undefined, false);
    await Promise.all([this.training.stop(), this.nextTraining.stop(), this.augmentation.stop()]);
  }

  private async onClearData(): Promise<void> {
    this.dataBusy = true;
    this.dataError = undefined;
    try {
      await this.stopJobs('Deleting the local data…');
      await this.requireRec().clearAll();
      this.summary = null;
      this.userIds = undefined;
      await this.showServingModel();
      this.userId = '';
      this.history = undefined;
      this.status = 'All local data was deleted. Reload the page to import the embedded dataset again.';
    } catch (error) {
      this.dataError = error;
      await this.showServingModel().catch(() => undefined);
    } finally {
      this.dataBusy = false;
      void this.refreshDevice();
    }
  }

  /**
   * The stored dataset changed under this page: another tab imported one or cleared the data.
   * (This page's own import and clear show their results themselves.) Jobs stop (the writer lock
   * has already asked them to: they end with DATASET_CHANGED and write nothing more), then every
   * panel shows the data the store holds now, and its model if one serves.
   */
  private async onDatasetChanged(change: DatasetChange): Promise<void> {
    if (this.dataBusy || !this.rec) return;
    const what = change.kind === 'cleared' ? 'Another tab deleted the local data' : `Another tab imported "${change.name ?? 'a dataset'}"`;
    this.dataBusy = true;
    this.status = `${what}; updating…`;
    try {
      await this.stopJobs(`${what}…`);
      this.summary = await this.requireStore().info();
      await this.loadDataset();
      await this.showServingModel();
      this.status = this.summary ? `${what}. ${readyText(this.summary)}` : `${what}. Reload the page to import the embedded dataset again.`;
    } catch (error) {
      this.dataError = error;
      this.status = errorMessage(error);
    } finally {
      this.dataBusy = false;
      void this.refreshDevice();
    }
  }

  /**
   * The explorer's users, from the recommender's own copy of the dataset (a new import replaces
   * it; the explorer starts over): the page holds no second copy.
   */
  private async loadDataset(): Promise<void> {
    this.userIds = this.summary ? await this.requireRec().userIds() : undefined;
    this.userId = '';
    this.history = undefined;
  }

  private async onUserSelected(event: CustomEvent<{ userId: string }>): Promise<void> {
    const { userId } = event.detail;
    this.userId = userId;
    this.history = undefined;
    let history: PastInteraction[];
    try {
      history = await this.requireRec().history(userId);
    } catch (error) {
      // An id that is not in the dataset shows no history; the list below says why.
      if (isRecError(error) && error.code === 'UNKNOWN_USER') return;
      throw error;
    }
    // A later pick wins: drop this history if the person moved on while it loaded.
    if (this.userId === userId) this.history = history;
  }

  private async refreshDevice(): Promise<void> {
    const caps = await probeDevice();
    this.llm.setCapabilities(caps);
    // Whether any model can run here changes why the lists are MF alone.
    if (!this.llm.engine) this.applyLlm();
    this.device = await deviceReport(caps, this.backend);
    // The probe loaded its lazy chunks by now: keep them for offline visits.
    cacheLoadedFiles();
  }

  /** A model was loaded or unloaded: the recommender serves (and augments) with it from now on. */
  private onEngineChange(): void {
    void this.refreshDevice();
    const rec = this.rec;
    if (!rec) return;
    this.applyLlm();
    void this.augmentation.setAvailable(this.userIds ? rec : undefined, this.llm.engine !== undefined);
    void this.training.pairsChanged();
    void this.nextTraining.pairsChanged();
    // The lists and the evaluation now include (or leave out) the LLM.
    void this.showServingModel();
  }

  /** Hands the LLM panel's engine (or none, with the reason) to the recommender. */
  private applyLlm(): void {
    this.rec?.setLlm(this.llm.engine ?? null, { augmentEngine: this.llm.engineSpec ?? null, noLlmReason: this.noLlmReason() });
  }

  /** Why the lists are MF alone when no LLM is set: none can run here, or none is loaded yet. */
  private noLlmReason(): string {
    const models = this.llm.view.models;
    return models.state === 'known' && models.value.every((m) => m.blockedReason !== undefined)
      ? 'no language model can run on this device (see the Language model panel).'
      : 'no language model is loaded (load one in the Language model panel).';
  }

  /** Why a training panel cannot offer the LLM's answers of `kind` yet (pairs: MF's panel; sequential: SASRec's). */
  private noAnswersReason(kind: 'pair' | 'sequential'): string {
    const missing = kind === 'pair' ? 'No LLM-written pairs in the store yet' : 'No LLM next-item picks in the store yet';
    const run = kind === 'pair' ? 'run Data augmentation first.' : 'run Data augmentation with "Next-item picks (SASRec)" first.';
    return this.llm.engine ? `${missing}: ${run}` : `${missing}: Data augmentation needs a language model, and ${this.noLlmReason()}`;
  }

  private onTrained(report: TrainReport): void {
    const { backend, skipped, measured } = report.backend;
    this.backend = { state: 'known', value: { chosen: backend, skipped, ...(measured ? { measured } : {}) } };
    void this.refreshDevice();
    // Either list can now be asked; the evaluation panel evaluates the top-k's model only.
    this.showModel(true, report.task === 'ranking' ? true : undefined);
  }

  /**
   * Reads what the recommender serves (after a start, an import, a clear, an LLM change) into
   * the panels: the training panel's model, the augmentation panel, the lists, the evaluation.
   */
  private async showServingModel(): Promise<void> {
    const rec = this.userIds ? this.rec : undefined;
    void this.augmentation.setAvailable(rec, this.llm.engine !== undefined);
    const reason = this.summary === null ? 'Import a dataset first.' : 'Waiting for the dataset…';
    const [info, next] = await Promise.all([this.training.refresh(rec, reason), this.nextTraining.refresh(rec, reason)]);
    this.showModel(info !== null || next !== null, info !== null);
  }

  /**
   * A new source object makes every list ask again (the model or the LLM behind it changed);
   * `rankingServes` (when known) makes the evaluation available or not.
   */
  private showModel(available: boolean, rankingServes?: boolean): void {
    const source = available && this.rec ? recommenderSource(this.rec) : undefined;
    this.source = source;
    setDefaultRecommendationSource(source);
    if (rankingServes !== undefined) this.evaluation.setModelAvailable(rankingServes);
    // Scoring will load TF.js: keep what arrived so far for offline visits.
    if (available) cacheLoadedFiles();
  }

  private onEvalStart(): void {
    if (this.rec && this.source) void this.evaluation.run(this.rec);
  }

  protected override render() {
    return html`
      <a class="skip" href="#panels" @click=${this.skipToPanels}>Skip to the panels</a>
      <header>
        <h1>Llama4Rec Web</h1>
        <p>
          An LLM and matrix factorization that improve each other, blended per user, running entirely on this
          device.
        </p>
        <p class="status" role="status" aria-live="polite">${this.status}</p>
      </header>
      <main id="panels" class="grid" tabindex="-1">
        <l4r-data-panel
          .summary=${this.summary}
          .busy=${this.dataBusy}
          .progress=${this.dataProgress}
          .error=${this.dataError}
          @l4r-import-files=${this.onImportFiles}
          @l4r-cancel-import=${() => this.importAbort?.abort()}
          @l4r-clear-data=${this.onClearData}
        ></l4r-data-panel>
        <l4r-device-panel .report=${this.device} @l4r-refresh-device=${this.refreshDevice}></l4r-device-panel>
        <l4r-training-panel
          .view=${this.training.view}
          @l4r-train-start=${(e: CustomEvent<TrainStartDetail>) => this.training.start(e.detail)}
          @l4r-train-cancel=${() => this.training.cancel()}
        ></l4r-training-panel>
        <l4r-training-panel
          task="next"
          .view=${this.nextTraining.view}
          @l4r-train-start=${(e: CustomEvent<TrainStartDetail>) => this.nextTraining.start(e.detail)}
          @l4r-train-cancel=${() => this.nextTraining.cancel()}
        ></l4r-training-panel>
        <l4r-llm-panel
          .view=${this.llm.view}
          @l4r-llm-load=${(e: CustomEvent<{ modelId: string }>) => this.llm.load(e.detail.modelId)}
          @l4r-llm-cancel=${() => this.llm.cancel()}
          @l4r-llm-unload=${() => this.llm.unload()}
        ></l4r-llm-panel>
        <l4r-augment-panel
          .view=${this.augmentation.view}
          @l4r-augment-start=${(e: CustomEvent<AugmentStartDetail>) => this.augmentation.start(e.detail)}
          @l4r-augment-pause=${() => this.augmentation.pause()}
          @l4r-augment-resume=${() => this.augmentation.resume()}
          @l4r-augment-cancel=${() => this.augmentation.cancel()}
        ></l4r-augment-panel>
        <l4r-user-explorer
          class="wide"
          .users=${this.userIds}
          .userId=${this.userId}
          .history=${this.history}
          .source=${this.source}
          @l4r-user-selected=${this.onUserSelected}
        ></l4r-user-explorer>
        <l4r-eval-panel class="wide" .view=${this.evaluation.view} @l4r-eval-start=${this.onEvalStart}></l4r-eval-panel>
      </main>
      <footer>
        Nothing about you leaves this page: the data, the models and their answers live in this browser's storage.
      </footer>
    `;
  }

  private skipToPanels(event: Event): void {
    // The link's target is inside the shadow root, where fragment navigation cannot reach.
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('#panels')?.focus();
  }
}

function readyText(meta: DatasetMeta): string {
  return `Ready: ${meta.name} with ${meta.users.toLocaleString('en-US')} users, ${meta.items.toLocaleString(
    'en-US',
  )} items and ${meta.interactions.toLocaleString('en-US')} interactions.`;
}

customElements.define('l4r-app', L4rApp);

declare global {
  interface HTMLElementTagNameMap {
    'l4r-app': L4rApp;
  }
}
