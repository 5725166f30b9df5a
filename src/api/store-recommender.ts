/**
 * The Recommender over a store: the public API's calls, each a thin step onto the loop
 * (src/loop/llama4rec-loop.ts, the one orchestrator, also used by the loop evaluation). What
 * stays here is what only a page has: the store it opened, ids instead of indices, the LLM it
 * loads (llm-slot.ts), where the heavy work runs (the training and augmentation workers) and the
 * α the calls use (given, tuned and stored, or the default).
 *
 * The loop is built per dataset over the store bound to it (src/data/bound-store.ts), and
 * forgotten when the stored dataset changes (this tab's import, or another tab's: store-channel.ts).
 * Jobs that write (train, augment, augmentAttributes, tune) run one at a time per origin under
 * the writer lock (src/data/writer-lock.ts) and stop with DATASET_CHANGED when an import or a
 * clear asks to write.
 */
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import { PauseGate } from '../augment/pause-gate.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import { DEFAULT_CONFIG } from '../config.ts';
import type { DatasetBoundStore } from '../data/bound-store.ts';
import type { DatasetMeta, TunedAlphaRecord } from '../data/db.ts';
import { ensureDataset, type EmbeddedImportOptions } from '../data/embedded.ts';
import type { DatasetSource } from '../data/import/source.ts';
import { listenToStore, type DatasetChange } from '../data/store-channel.ts';
import type { ImportOptions, RecStore } from '../data/store.ts';
import type { Dataset, RecTask } from '../data/types.ts';
import { writerLocks, type WriterLocks } from '../data/writer-lock.ts';
import { isRecError, RecError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { Llama4RecLoop } from '../loop/llama4rec-loop.ts';
import { loopContext, pastInteractions, type PastInteraction } from '../loop/loop-context.ts';
import { FULL_LOOP, type LoopEvalReport } from '../loop/loop-eval.ts';
import type { RatingPrediction } from '../loop/predict-rating.ts';
import type { Recommendation } from '../loop/recommend.ts';
import type { LongWorkOptions } from '../progress.ts';
import { interruptedTraining, type InterruptedTraining } from '../training/interrupted-training.ts';
import { ServingModels, type ActiveModelInfo } from '../training/serving-models.ts';
import type { TrainOptions, TrainReport, TrainRunner } from '../training/train-task.ts';
import { augmentAttributesInWorker, augmentInWorker, type PauseControls } from '../workers/augment-client.ts';
import type { EngineSpec } from '../workers/engine-spec.ts';
import { trainInWorker } from '../workers/train-client.ts';
import { LlmSlot } from './llm-slot.ts';
import { validateRecommenderOptions, type RecommenderOptions } from './recommender-options.ts';
import type {
  AttributeAugmentOptions,
  AugmentOptions,
  EvaluateOptions,
  RecommendOptions,
  RecommendTask,
  Recommender,
  SetLlmOptions,
  UserAlphas,
} from './recommender.ts';
import { WAITING_FOR_WRITER } from './recommender.ts';

type AlphaInUse = AlphaParams & { source: 'options' | 'tuned' | 'default' };

/** A worker has no page to resolve self-hosted model URLs against: give it this page's. */
function withPageUrl(spec: EngineSpec): EngineSpec {
  return spec.kind === 'webllm' && spec.pageUrl === undefined && globalThis.location ? { ...spec, pageUrl: globalThis.location.href } : spec;
}

/** Workers exist in pages (and their workers), not in Node. */
const hasWorkers = () => typeof Worker !== 'undefined';

/** The loop over one stored dataset, and the store bound to that dataset it reads and writes through. */
interface DatasetLoop {
  loop: Llama4RecLoop;
  store: DatasetBoundStore;
}

/** What a job stopped by the writer lock's `stopped` signal, or cancelled, may report. */
interface JobOptions {
  signal?: AbortSignal | undefined;
  onWaiting?: (() => void) | undefined;
}

export class StoreRecommender implements Recommender {
  private readonly llm = new LlmSlot();
  private readonly trainsInWorker: boolean;
  private readonly locks: WriterLocks;
  private readonly gate = new PauseGate();
  /** Pause/resume go to the job running now: the worker's, or this thread's gate. */
  private pauseTarget: PauseControls = this.gate;
  /** The loop over the stored dataset, built on first use and forgotten when the dataset changes. */
  private current: Promise<DatasetLoop> | null = null;
  /** The fingerprint `current` was built for, once built. */
  private currentFingerprint: string | null = null;
  private readonly changeListeners = new Set<(change: DatasetChange) => void>();
  private readonly stopListening: () => void;

  constructor(
    readonly store: RecStore,
    private readonly options: RecommenderOptions,
    private readonly ownsStore: boolean,
  ) {
    if (options.llm) this.llm.set(options.llm);
    this.llm.augmentEngine = options.augmentEngine;
    this.trainsInWorker = (options.trainIn ?? (hasWorkers() ? 'worker' : 'main-thread')) === 'worker';
    this.locks = writerLocks(store.dbName);
    this.stopListening = listenToStore(store.dbName, (message) => {
      if (message.type === 'dataset-changed') this.datasetChanged(message.change);
    });
  }

  async import(source: DatasetSource, options?: ImportOptions): Promise<DatasetMeta> {
    const meta = await this.store.importDataset(source, options);
    this.forgetDataset();
    return meta;
  }

  async ensureDataset(options?: EmbeddedImportOptions): Promise<DatasetMeta> {
    const meta = await ensureDataset(this.store, options);
    this.forgetDataset();
    return meta;
  }

  async train(options: TrainOptions = {}): Promise<TrainReport> {
    return this.job('Training', options, ({ loop }, signal) => loop.train({ ...options, signal }));
  }

  async interruptedTraining(task: RecTask = 'ranking'): Promise<InterruptedTraining | null> {
    if ((await this.store.info()) === null) return null;
    return interruptedTraining((await this.ready()).store, task, this.options.backbone);
  }

  async augment(options: AugmentOptions = {}): Promise<AugmentReport> {
    const { budget, sequential, seed, onProgress } = options;
    return this.job('Data augmentation', { signal: options.signal, onWaiting: () => onProgress?.({ phase: WAITING_FOR_WRITER, done: 0 }) }, async ({ loop, store }, signal) => {
      const spec = this.llm.augmentEngine;
      if (spec && hasWorkers()) {
        const request = { dbName: this.store.dbName, datasetFingerprint: store.datasetFingerprint, engine: withPageUrl(spec), budget, sequential, seed };
        return this.inWorker((onStart) => augmentInWorker(request, { signal, onProgress, onStart, createWorker: this.options.workers?.augment }));
      }
      const engine = await this.requireEngine('augment()', store, signal);
      return loop.augment({ engine, budget, sequential, seed, pause: this.gate, signal, onProgress });
    });
  }

  async augmentAttributes(options: AttributeAugmentOptions): Promise<AttributeAugmentReport> {
    const { maxCalls, tailUsers, onProgress } = options;
    return this.job('Attribute augmentation', { signal: options.signal, onWaiting: () => onProgress?.({ phase: WAITING_FOR_WRITER, done: 0 }) }, async ({ loop, store }, signal) => {
      const spec = this.llm.augmentEngine;
      if (spec && hasWorkers()) {
        const request = { dbName: this.store.dbName, datasetFingerprint: store.datasetFingerprint, engine: withPageUrl(spec), maxCalls, tailUsers };
        return this.inWorker((onStart) => augmentAttributesInWorker(request, { signal, onProgress, onStart, createWorker: this.options.workers?.augment }));
      }
      const engine = await this.requireEngine('augmentAttributes()', store, signal);
      return loop.augmentAttributes({ engine, maxCalls, tailUsers, pause: this.gate, signal, onProgress });
    });
  }

  pauseAugmentation(): void {
    this.pauseTarget.pause();
  }

  resumeAugmentation(): void {
    this.pauseTarget.resume();
  }

  async recommend(userId: string, options: RecommendOptions = {}): Promise<Recommendation> {
    const k = options.k ?? DEFAULT_CONFIG.loop.k;
    // Asked for more than k' items, MF's candidate list grows to k (the LLM re-ranks them all).
    const kPrime = options.kPrime ?? Math.max(this.kPrime(), Number.isInteger(k) ? k : 0);
    if (!Number.isInteger(k) || k < 1) throw new RecError('CONFIG_INVALID', `recommend: "k" must be a whole number ≥ 1 (got ${String(k)}).`);
    if (!Number.isInteger(kPrime) || kPrime < k) throw new RecError('CONFIG_INVALID', `recommend: "kPrime" must be a whole number ≥ k = ${k} (got ${String(kPrime)}).`);
    const task = options.task ?? 'ranking';
    if (task !== 'ranking' && task !== 'next') throw new RecError('CONFIG_INVALID', `recommend: "task" must be 'ranking' or 'next' (got ${JSON.stringify(task)}).`);
    const user = await this.userIndex(userId);
    const { loop, store } = await this.ready();
    const [alpha, llm] = await Promise.all([this.alpha(task), this.llm.serving(store, options.signal)]);
    return loop.recommend(user, { ...llm, alpha, k, kPrime, task, ...(options.signal ? { signal: options.signal } : {}) });
  }

  async predictRating(userId: string, itemId: string, options: { signal?: AbortSignal } = {}): Promise<RatingPrediction> {
    const [user, item, { loop, store }, alpha] = await Promise.all([this.userIndex(userId), this.itemIndex(itemId), this.ready(), this.alpha()]);
    // The LLM is loaded only once a rating model serves and α_u lets it matter (predict-rating.ts asks).
    const llm = () => this.llm.serving(store, options.signal);
    return loop.predictRating(user, item, { llm, alpha, ...(options.signal ? { signal: options.signal } : {}) });
  }

  async similarUser(userId: string): Promise<{ userId: string; similarity: number }> {
    const user = await this.userIndex(userId);
    const { loop } = await this.ready();
    const best = await loop.similarUser(user);
    if (!best) throw new RecError('UNKNOWN_USER', 'The dataset has a single user, so there is no similar user.');
    return { userId: loop.ctx.dataset.users[best.user]!.id, similarity: best.similarity };
  }

  async userIds(): Promise<string[]> {
    return (await this.ready()).loop.ctx.dataset.users.map((u) => u.id);
  }

  async history(userId: string): Promise<PastInteraction[]> {
    const user = await this.userIndex(userId);
    return pastInteractions((await this.ready()).loop.ctx, user);
  }

  async evaluate(options: EvaluateOptions = {}): Promise<LoopEvalReport> {
    const task = options.task ?? 'ranking';
    const { loop, store } = await this.ready();
    const [alpha, engine] = await Promise.all([this.alpha(task), this.llm.ready(store, options.signal)]);
    const dataAugmentation = await loop.models.usesAugmented(task);
    const asked = options.switches?.dataAugmentation;
    if (asked !== undefined && asked !== dataAugmentation) {
      const call = task === 'next' ? `train({ task: 'next', useAugmented: ${asked} })` : `train({ useAugmented: ${asked} })`;
      throw new RecError('CONFIG_INVALID', `evaluate: switches.dataAugmentation is ${asked}, but the serving model was trained ${dataAugmentation ? 'with' : 'without'} augmented pairs; call ${call} first.`);
    }
    return loop.evaluate({
      task,
      engine,
      switches: { ...FULL_LOOP, promptAugmentation: this.promptAugmentation(), dataAugmentation, ...options.switches },
      alpha: { alpha1: alpha.alpha1, alpha2: alpha.alpha2 },
      maxUsers: options.maxUsers,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  }

  async tune(options: LongWorkOptions & { maxUsers?: number; task?: RecommendTask } = {}): Promise<TunedAlphaRecord> {
    const onWaiting = () => options.onProgress?.({ phase: WAITING_FOR_WRITER, done: 0 });
    return this.job('Tuning α', { signal: options.signal, onWaiting }, async ({ loop, store }, signal) => {
      const engine = await this.llm.ready(store, signal);
      if (!engine) throw new RecError('CONFIG_INVALID', 'tune() needs an LLM: pass "llm" to createRecommender.');
      return loop.tune(engine, { ...options, signal });
    });
  }

  async alpha(task: RecommendTask = 'ranking'): Promise<AlphaInUse> {
    if (this.options.alpha) return { ...this.options.alpha, source: 'options' };
    const tuned = (await this.store.info()) === null ? undefined : await (await this.ready()).store.getTunedAlpha(task);
    return tuned ? { alpha1: tuned.alpha1, alpha2: tuned.alpha2, source: 'tuned' } : { ...DEFAULT_CONFIG.loop.alpha, source: 'default' };
  }

  async userAlphas(): Promise<UserAlphas> {
    const [{ loop }, params] = await Promise.all([this.ready(), this.alpha()]);
    return { ...loop.userAlphas(params), params };
  }

  async activeModel(task: RecTask = 'ranking'): Promise<ActiveModelInfo | null> {
    if ((await this.store.info()) === null) return null;
    return (await this.ready()).loop.models.info(task);
  }

  setLlm(llm: LlmEngine | null, options: SetLlmOptions = {}): void {
    validateRecommenderOptions({ ...(llm ? { llm } : {}), ...(options.augmentEngine ? { augmentEngine: options.augmentEngine } : {}) });
    this.llm.set(llm, options);
  }

  async clearAll(): Promise<void> {
    await this.store.clearAll();
    this.forgetDataset();
  }

  onDatasetChange(listener: (change: DatasetChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  async dispose(): Promise<void> {
    this.stopListening();
    this.changeListeners.clear();
    this.forgetDataset();
    this.gate.resume();
    if (this.ownsStore) this.store.close();
  }

  /**
   * Runs a job that writes derived data: one at a time per origin (the writer lock), on the
   * dataset this recommender holds, stopped with DATASET_CHANGED when an import or a clear (in
   * this tab or another) asks to write, or when the dataset changed while the job waited.
   */
  private async job<T>(what: string, options: JobOptions, run: (current: DatasetLoop, signal: AbortSignal) => Promise<T>): Promise<T> {
    const current = await this.ready();
    const lockOptions = { ...(options.signal ? { signal: options.signal } : {}), ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}) };
    return this.locks.job(
      what,
      async (stopped) => {
        if ((await this.store.info())?.fingerprint !== current.store.datasetFingerprint) {
          this.forgetDataset();
          throw new RecError(
            'DATASET_CHANGED',
            `${what} did not start: the stored dataset changed before it could (an import or a clear, perhaps in another tab). Run it again: it will work on the data the store holds now.`,
          );
        }
        const signal = options.signal ? AbortSignal.any([options.signal, stopped]) : stopped;
        try {
          return await run(current, signal);
        } catch (error) {
          // Stopped for an import or a clear: whatever the job reports (cancelled, a refused write), that is why.
          if (stopped.aborted && !options.signal?.aborted) throw stopped.reason;
          throw error;
        }
      },
      lockOptions,
    );
  }

  /**
   * The loop over the stored dataset (NO_DATASET without one); built once per dataset. Each call
   * first looks at what the store holds (one read of `meta`), so a recommender that missed a
   * change (no BroadcastChannel, or a message still on its way) moves to the new data by itself.
   */
  private async ready(): Promise<DatasetLoop> {
    const held = (await this.store.info())?.fingerprint ?? null;
    if (this.current && this.currentFingerprint !== null && this.currentFingerprint !== held) this.forgetDataset();
    const building = (this.current ??= this.buildLoop());
    // A failed build (no dataset yet) is not remembered: the next call looks again.
    building.then(
      ({ store }) => this.current === building && (this.currentFingerprint = store.datasetFingerprint),
      () => this.current === building && (this.current = null),
    );
    return building;
  }

  private async buildLoop(): Promise<DatasetLoop> {
    // An import that commits between reading meta and reading the data makes the bound read
    // refuse (DATASET_MISMATCH): read again, the new dataset this time.
    for (let attempt = 1; ; attempt++) {
      const meta = await this.store.info();
      if (!meta) throw new RecError('NO_DATASET', 'There is no dataset yet; call ensureDataset() or import() first.');
      const store = this.store.boundTo(meta.fingerprint);
      let dataset: Dataset;
      try {
        dataset = await store.loadDataset();
      } catch (error) {
        if (attempt < 3 && isRecError(error) && error.code === 'DATASET_MISMATCH') continue;
        throw error;
      }
      const { options } = this;
      const models = new ServingModels(store, options.mf?.backend);
      const runTraining: TrainRunner = this.trainsInWorker
        ? trainInWorker(this.store.dbName, this.options)
        : async (request, run) => (await import('../training/train-session.ts')).trainFromStore(store, request, run);
      const settings = {
        kPrime: this.kPrime(),
        promptAugmentation: this.promptAugmentation(),
        ...(options.rerank ? { rerank: options.rerank } : {}),
        mf: options.mf ?? {},
        ...(options.backbone ? { backbone: options.backbone } : {}),
        ...(options.lightgcn ? { lightgcn: options.lightgcn } : {}),
        ...(options.sasrec ? { sasrec: options.sasrec } : {}),
      };
      return { loop: new Llama4RecLoop({ ctx: loopContext(dataset), store, models, runTraining, settings }), store };
    }
  }

  private forgetDataset(): void {
    const forgotten = this.current;
    this.current = null;
    this.currentFingerprint = null;
    // Models lent to a call still running are freed when it returns (ServingModels.using).
    void forgotten?.then(({ loop }) => loop.models.forget(), () => undefined);
  }

  /** The stored dataset changed (here or in another tab): let go of the old one, then tell the listeners. */
  private datasetChanged(change: DatasetChange): void {
    // A loop still being built may have read either dataset: build it again to be sure.
    if (this.current && this.currentFingerprint !== change.fingerprint) this.forgetDataset();
    for (const listener of [...this.changeListeners]) {
      try {
        listener(change);
      } catch (error) {
        // One listener's failure must not keep the others from hearing of the change.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private kPrime(): number {
    return this.options.kPrime ?? DEFAULT_CONFIG.loop.kPrime;
  }

  private promptAugmentation(): boolean {
    return this.options.promptAugmentation ?? DEFAULT_CONFIG.loop.promptAugmentation;
  }

  /** The loaded LLM, or CONFIG_INVALID naming the call that needs one. */
  private async requireEngine(call: string, store: DatasetBoundStore, signal: AbortSignal | undefined): Promise<LlmEngine> {
    const engine = await this.llm.ready(store, signal);
    if (!engine) throw new RecError('CONFIG_INVALID', `${call} needs an LLM: pass "llm" (or "augmentEngine") to createRecommender.`);
    return engine;
  }

  /** Runs a job in the augmentation worker with pause/resume pointed at it while it runs. */
  private async inWorker<T>(run: (onStart: (controls: PauseControls) => void) => Promise<T>): Promise<T> {
    try {
      return await run((controls) => (this.pauseTarget = controls));
    } finally {
      this.pauseTarget = this.gate;
    }
  }

  private async userIndex(userId: string): Promise<number> {
    await this.ready(); // no dataset at all is NO_DATASET, not an unknown user
    const user = await this.store.findUser(String(userId));
    if (!user) throw new RecError('UNKNOWN_USER', `There is no user "${userId}" in the dataset; use an id from its ratings file.`);
    return user.index;
  }

  private async itemIndex(itemId: string): Promise<number> {
    const item = await this.store.findItem(String(itemId));
    if (!item) throw new RecError('UNKNOWN_ITEM', `There is no item "${itemId}" in the dataset; use an id from its items file.`);
    return item.index;
  }
}
