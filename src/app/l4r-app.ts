import { LitElement, css, html } from 'lit';
import type { Progress } from '../progress.ts';
import type { RecStore } from '../data/store.ts';
import { openRecStore } from '../data/store.ts';
import type { DatasetMeta } from '../data/db.ts';
import { sourceFromFiles } from '../data/import/source.ts';
import { AbortedError } from '../errors.ts';
import type { BackendReport, DeviceReport, Known } from '../ui/device-report.ts';
import { errorMessage } from '../ui/format.ts';
import { deviceReport, probeDevice } from './measure-device.ts';
import { LlmController } from './llm-controller.ts';
import { cacheLoadedFiles } from './offline.ts';
import { TrainingController, type Trainer } from './training-controller.ts';
import { buildStoreRecommendationSource, RANKING_CHECKPOINT, type StoreSource } from '../ui/store-recommendation-source.ts';
import { EvalController } from './eval-controller.ts';
import { AugmentController } from './augment-controller.ts';
import { setDefaultRecommendationSource } from '../ui/default-recommendation-source.ts';
import type { Recommender } from '../models/recommender.ts';
import type { BackendChoice } from '../models/backend.ts';
import { createTrainWorker, progressProxy, type TrainWorkerHandle } from '../workers/train-client.ts';
import { importEmbeddedDataset } from '../data/embedded.ts';
import type { Dataset } from '../data/types.ts';
import type { HistoryEntry } from '../ui/l4r-user-explorer.ts';
import type { RecommendationSource } from '../ui/recommendation-source.ts';
import '../ui/l4r-data-panel.ts';
import '../ui/l4r-device-panel.ts';
import '../ui/l4r-training-panel.ts';
import '../ui/l4r-llm-panel.ts';
import '../ui/l4r-user-explorer.ts';
import '../ui/l4r-eval-panel.ts';
import '../ui/l4r-augment-panel.ts';

/**
 * The demo: composes the panels and owns the one store connection. Panels only show state
 * and fire events; this element does the work (import, clear, measure) and passes results down.
 */
export class L4rApp extends LitElement {
  static override properties = {
    summary: { state: true },
    dataBusy: { state: true },
    dataProgress: { state: true },
    dataError: { state: true },
    status: { state: true },
    device: { state: true },
    loaded: { state: true },
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
  /** The whole dataset in memory, for the explorer (user ids, titles) and the recommender. */
  declare private loaded: Dataset | undefined;
  /** The dataset's user ids, once per load (a new array each render would redraw the picker). */
  declare private userIds: string[] | undefined;
  declare private userId: string;
  declare private history: HistoryEntry[] | undefined;
  private readonly training = new TrainingController(this, (request, options) => this.train(request, options), (backend) =>
    this.onTrained(backend),
  );
  private readonly evaluation = new EvalController(this);
  private readonly augmentation = new AugmentController(this);
  private trainWorker: TrainWorkerHandle | undefined;
  /** α1, α2 behind the current source. */
  private alpha: StoreSource['alpha'] | undefined;
  /** The model behind `source`; disposed when replaced. */
  private model: Recommender | undefined;
  /** The TF.js backend, once training (or loading a trained model) has chosen one. */
  private backend: Known<BackendReport> = {
    state: 'unknown',
    reason: 'No TF.js backend has been chosen yet: it is picked when training starts or a trained model loads.',
  };
  private readonly llm = new LlmController(this, () => this.onEngineChange());
  declare private source: RecommendationSource | undefined;

  private store: RecStore | undefined;
  private importAbort: AbortController | undefined;

  constructor() {
    super();
    this.summary = undefined;
    this.dataBusy = false;
    this.dataProgress = undefined;
    this.dataError = undefined;
    this.status = 'Opening the local store…';
    this.device = undefined;
    this.loaded = undefined;
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
    this.trainWorker?.terminate();
    this.trainWorker = undefined;
    this.store?.close();
    this.store = undefined;
  }

  /** First load: open the store and import the embedded dataset unless one is already there. */
  private async start(): Promise<void> {
    try {
      this.store = await openRecStore();
      this.summary = await this.store.info();
      if (this.summary === null) {
        this.status = 'First visit: importing the embedded MovieLens dataset into this browser…';
        // runImport loads the dataset into memory and sets the status itself.
        await this.runImport((options) => importEmbeddedDataset(this.requireStore(), options));
        return;
      }
      // "Ready" only once the explorer can use the data, so nobody types into a picker that resets.
      await this.loadDataset();
      if (await this.training.restore(this.requireStore())) await this.refreshSource();
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

  /** Runs one import with progress and cancel; on failure the previous dataset stays and the error shows. */
  private async runImport(
    work: (options: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<DatasetMeta | null>,
  ): Promise<void> {
    this.importAbort?.abort();
    const abort = new AbortController();
    this.importAbort = abort;
    this.dataBusy = true;
    this.dataError = undefined;
    this.dataProgress = { phase: 'Starting', done: 0 };
    try {
      const meta = await work({ signal: abort.signal, onProgress: (p) => (this.dataProgress = p) });
      this.summary = meta ?? (await this.requireStore().info());
      void this.refreshDevice();
      await this.loadDataset();
      // A different dataset clears the stored model; the same one (re-imported) keeps it.
      if (await this.training.restore(this.requireStore())) await this.refreshSource();
      else this.replaceSource(undefined);
      this.status = this.summary ? readyText(this.summary) : 'No dataset loaded.';
    } catch (error) {
      this.dataError = error;
      this.status = error instanceof AbortedError ? 'Import cancelled.' : 'The import failed; see the Data panel.';
    } finally {
      if (this.importAbort === abort) this.importAbort = undefined;
      this.dataBusy = false;
      this.dataProgress = undefined;
    }
  }

  private onImportFiles(event: CustomEvent<{ files: File[] }>): void {
    const files = event.detail.files;
    this.status = `Importing ${files.map((f) => f.name).join(', ')}…`;
    void this.runImport((options) => this.requireStore().importDataset(sourceFromFiles(files), options));
  }

  private async onClearData(): Promise<void> {
    this.dataBusy = true;
    this.dataError = undefined;
    try {
      await this.requireStore().clearAll();
      this.summary = null;
      await this.training.restore(this.requireStore());
      this.replaceSource(undefined);
      this.loaded = undefined;
      this.userIds = undefined;
      this.userId = '';
      this.history = undefined;
      this.source = undefined;
      this.status = 'All local data was deleted. Reload the page to import the embedded dataset again.';
    } catch (error) {
      this.dataError = error;
    } finally {
      this.dataBusy = false;
      void this.refreshDevice();
    }
  }

  /** Reads the stored dataset into memory (a new import replaces it; the explorer starts over). */
  private async loadDataset(): Promise<void> {
    this.loaded = (await this.requireStore().loadDataset()) ?? undefined;
    this.userIds = this.loaded?.users.map((u) => u.id);
    this.userId = '';
    this.history = undefined;
  }

  private async onUserSelected(event: CustomEvent<{ userId: string }>): Promise<void> {
    const { userId } = event.detail;
    this.userId = userId;
    this.history = undefined;
    const store = this.requireStore();
    const user = await store.findUser(userId);
    if (!user || this.userId !== userId) return;
    const records = await store.userHistory(user.index);
    // A later pick wins: drop this history if the person moved on while it loaded.
    if (this.userId !== userId) return;
    const items = this.loaded?.items;
    this.history = records.map((r): HistoryEntry => {
      const item = items?.[r.item];
      const entry: HistoryEntry = {
        itemId: item?.id ?? String(r.item),
        title: item?.title ?? `item ${r.item}`,
        rating: r.rating,
        timestamp: r.timestamp,
      };
      if (item?.year !== undefined) entry.year = item.year;
      return entry;
    });
  }

  private async refreshDevice(): Promise<void> {
    const caps = await probeDevice();
    this.llm.setCapabilities(caps);
    this.device = await deviceReport(caps, this.backend);
    // The probe loaded its lazy chunks by now: keep them for offline visits.
    cacheLoadedFiles();
  }

  /** A model was loaded or unloaded: the recommendations change source. */
  private onEngineChange(): void {
    void this.refreshDevice();
    void this.refreshSource();
    if (this.store) void this.augmentation.setEngine(this.store, this.llm.engine);
  }

  /** Runs one training in the training worker (started on first use), so the page never freezes. */
  private readonly train: Trainer = async (request, { signal, onProgress }) => {
    const store = this.requireStore();
    this.trainWorker ??= createTrainWorker();
    const { api } = this.trainWorker;
    const onAbort = () => void api.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await api.train({ ...request, dbName: store.dbName }, progressProxy(onProgress));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };

  private onTrained(backend: BackendChoice | undefined): void {
    if (backend) {
      this.backend = { state: 'known', value: { chosen: backend.backend, skipped: backend.skipped } };
      void this.refreshDevice();
    }
    void this.refreshSource();
  }

  /** Rebuilds the recommendation source from the stored model (after training, reload, LLM change). */
  private async refreshSource(): Promise<void> {
    const dataset = this.loaded;
    if (!dataset || !this.store) return this.replaceSource(undefined);
    const llmView = this.llm.view;
    const built = await buildStoreRecommendationSource({
      store: this.store,
      dataset,
      checkpointName: RANKING_CHECKPOINT,
      engine: this.llm.engine,
      noLlmReason:
        llmView.models.state === 'known' && llmView.models.value.every((m) => m.blockedReason !== undefined)
          ? 'no language model can run on this device (see the Language model panel).'
          : 'no language model is loaded (load one in the Language model panel).',
    });
    this.replaceSource(built);
  }

  private replaceSource(built: StoreSource | undefined): void {
    const modelChanged = built?.model !== this.model;
    this.model?.dispose();
    this.model = built?.model;
    this.source = built?.source;
    this.alpha = built?.alpha;
    // Scoring loaded TF.js: keep it for offline visits.
    if (built) cacheLoadedFiles();
    setDefaultRecommendationSource(built?.source);
    if (modelChanged) this.evaluation.setModelAvailable(built !== undefined);
  }

  private onEvalStart(): void {
    if (!this.model || !this.loaded) return;
    if (!this.alpha) return;
    void this.evaluation.run(this.model, this.model.kind === 'mf-bpr' ? 'BPR-MF' : 'biased MF', this.loaded, this.alpha);
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
          @l4r-train-start=${() => this.training.start()}
          @l4r-train-cancel=${() => this.training.cancel()}
        ></l4r-training-panel>
        <l4r-llm-panel
          .view=${this.llm.view}
          @l4r-llm-load=${(e: CustomEvent<{ modelId: string }>) => this.llm.load(e.detail.modelId)}
          @l4r-llm-cancel=${() => this.llm.cancel()}
          @l4r-llm-unload=${() => this.llm.unload()}
        ></l4r-llm-panel>
        <l4r-augment-panel
          .view=${this.augmentation.view}
          @l4r-augment-start=${() => this.augmentation.start()}
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
