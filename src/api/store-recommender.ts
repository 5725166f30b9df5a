/**
 * The Recommender over a store: the public API's calls, each a thin step onto the loop
 * (src/loop/llama4rec-loop.ts, the one orchestrator, also used by the loop evaluation). What
 * stays here is what only a page has: the store it opened, ids instead of indices, the LLM it
 * loads (llm-slot.ts), where the heavy work runs (the training and augmentation workers) and the
 * α the calls use (given, tuned and stored, or the default).
 */
import type { AttributeAugmentReport } from '../augment/augment-attributes.ts';
import type { AugmentReport } from '../augment/augment-job.ts';
import { PauseGate } from '../augment/pause-gate.ts';
import type { AlphaParams } from '../aggregate/long-tail.ts';
import { DEFAULT_CONFIG } from '../config.ts';
import type { DatasetMeta, TunedAlphaRecord } from '../data/db.ts';
import { ensureDataset, type EmbeddedImportOptions } from '../data/embedded.ts';
import type { DatasetSource } from '../data/import/source.ts';
import type { ImportOptions, RecStore } from '../data/store.ts';
import type { RecTask } from '../data/types.ts';
import { RecError } from '../errors.ts';
import { StoreAnswerCache } from '../llm/answer-cache.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { Llama4RecLoop } from '../loop/llama4rec-loop.ts';
import { loopContext, pastInteractions, type PastInteraction } from '../loop/loop-context.ts';
import { FULL_LOOP, type LoopEvalReport } from '../loop/loop-eval.ts';
import type { RatingPrediction } from '../loop/predict-rating.ts';
import type { Recommendation } from '../loop/recommend.ts';
import type { LongWorkOptions } from '../progress.ts';
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
  Recommender,
  SetLlmOptions,
  UserAlphas,
} from './recommender.ts';

type AlphaInUse = AlphaParams & { source: 'options' | 'tuned' | 'default' };

/** A worker has no page to resolve self-hosted model URLs against: give it this page's. */
function withPageUrl(spec: EngineSpec): EngineSpec {
  return spec.kind === 'webllm' && spec.pageUrl === undefined && globalThis.location ? { ...spec, pageUrl: globalThis.location.href } : spec;
}

/** Workers exist in pages (and their workers), not in Node. */
const hasWorkers = () => typeof Worker !== 'undefined';

export class StoreRecommender implements Recommender {
  private readonly llm: LlmSlot;
  private readonly models: ServingModels;
  private readonly runTraining: TrainRunner;
  private readonly gate = new PauseGate();
  /** Pause/resume go to the job running now: the worker's, or this thread's gate. */
  private pauseTarget: PauseControls = this.gate;
  /** The loop over the stored dataset, built on first use and forgotten when the dataset changes. */
  private loop: Promise<Llama4RecLoop> | null = null;

  constructor(
    readonly store: RecStore,
    private readonly options: RecommenderOptions,
    private readonly ownsStore: boolean,
  ) {
    this.llm = new LlmSlot(new StoreAnswerCache(store));
    if (options.llm) this.llm.set(options.llm);
    this.llm.augmentEngine = options.augmentEngine;
    this.models = new ServingModels(store, options.mf?.backend);
    const inWorker = (options.trainIn ?? (hasWorkers() ? 'worker' : 'main-thread')) === 'worker';
    this.runTraining = inWorker
      ? trainInWorker(store.dbName, options)
      : async (request, run) => (await import('../training/train-session.ts')).trainFromStore(store, request, run);
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
    return (await this.ready()).train(options);
  }

  async augment(options: AugmentOptions = {}): Promise<AugmentReport> {
    const { budget, sequential, seed, signal, onProgress } = options;
    const spec = this.llm.augmentEngine;
    if (spec && hasWorkers()) {
      await this.ready();
      return this.inWorker((onStart) => augmentInWorker({ dbName: this.store.dbName, engine: withPageUrl(spec), budget, sequential, seed }, { signal, onProgress, onStart, createWorker: this.options.workers?.augment }));
    }
    const engine = await this.requireEngine('augment()', signal);
    return (await this.ready()).augment({ engine, budget, sequential, seed, pause: this.gate, signal, onProgress });
  }

  async augmentAttributes(options: AttributeAugmentOptions): Promise<AttributeAugmentReport> {
    const { maxCalls, tailUsers, signal, onProgress } = options;
    const spec = this.llm.augmentEngine;
    if (spec && hasWorkers()) {
      await this.ready();
      return this.inWorker((onStart) => augmentAttributesInWorker({ dbName: this.store.dbName, engine: withPageUrl(spec), maxCalls, tailUsers }, { signal, onProgress, onStart, createWorker: this.options.workers?.augment }));
    }
    const engine = await this.requireEngine('augmentAttributes()', signal);
    return (await this.ready()).augmentAttributes({ engine, maxCalls, tailUsers, pause: this.gate, signal, onProgress });
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
    const user = await this.userIndex(userId);
    const [loop, alpha, llm] = await Promise.all([this.ready(), this.alpha(), this.llm.serving(options.signal)]);
    return loop.recommend(user, { ...llm, alpha, k, kPrime, ...(options.signal ? { signal: options.signal } : {}) });
  }

  async predictRating(userId: string, itemId: string, options: { signal?: AbortSignal } = {}): Promise<RatingPrediction> {
    const [user, item, loop, alpha] = await Promise.all([this.userIndex(userId), this.itemIndex(itemId), this.ready(), this.alpha()]);
    // The LLM is loaded only once a rating model serves and α_u lets it matter (predict-rating.ts asks).
    const llm = () => this.llm.serving(options.signal);
    return loop.predictRating(user, item, { llm, alpha, ...(options.signal ? { signal: options.signal } : {}) });
  }

  async similarUser(userId: string): Promise<{ userId: string; similarity: number }> {
    const user = await this.userIndex(userId);
    const loop = await this.ready();
    const best = await loop.similarUser(user);
    if (!best) throw new RecError('UNKNOWN_USER', 'The dataset has a single user, so there is no similar user.');
    return { userId: loop.ctx.dataset.users[best.user]!.id, similarity: best.similarity };
  }

  async userIds(): Promise<string[]> {
    return (await this.ready()).ctx.dataset.users.map((u) => u.id);
  }

  async history(userId: string): Promise<PastInteraction[]> {
    const user = await this.userIndex(userId);
    return pastInteractions((await this.ready()).ctx, user);
  }

  async evaluate(options: EvaluateOptions = {}): Promise<LoopEvalReport> {
    const [loop, alpha, engine] = await Promise.all([this.ready(), this.alpha(), this.llm.ready(options.signal)]);
    const dataAugmentation = await this.models.usesAugmented('ranking');
    const asked = options.switches?.dataAugmentation;
    if (asked !== undefined && asked !== dataAugmentation) {
      throw new RecError('CONFIG_INVALID', `evaluate: switches.dataAugmentation is ${asked}, but the serving model was trained ${dataAugmentation ? 'with' : 'without'} augmented pairs; call train({ useAugmented: ${asked} }) first.`);
    }
    return loop.evaluate({
      engine,
      switches: { ...FULL_LOOP, promptAugmentation: this.promptAugmentation(), dataAugmentation, ...options.switches },
      alpha: { alpha1: alpha.alpha1, alpha2: alpha.alpha2 },
      maxUsers: options.maxUsers,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  }

  async tune(options: LongWorkOptions & { maxUsers?: number } = {}): Promise<TunedAlphaRecord> {
    const [loop, engine] = await Promise.all([this.ready(), this.llm.ready(options.signal)]);
    if (!engine) throw new RecError('CONFIG_INVALID', 'tune() needs an LLM: pass "llm" to createRecommender.');
    return loop.tune(engine, options);
  }

  async alpha(): Promise<AlphaInUse> {
    if (this.options.alpha) return { ...this.options.alpha, source: 'options' };
    const tuned = await this.store.getTunedAlpha('ranking');
    return tuned ? { alpha1: tuned.alpha1, alpha2: tuned.alpha2, source: 'tuned' } : { ...DEFAULT_CONFIG.loop.alpha, source: 'default' };
  }

  async userAlphas(): Promise<UserAlphas> {
    const [loop, params] = await Promise.all([this.ready(), this.alpha()]);
    return { ...loop.userAlphas(params), params };
  }

  activeModel(task: RecTask = 'ranking'): Promise<ActiveModelInfo | null> {
    return this.models.info(task);
  }

  setLlm(llm: LlmEngine | null, options: SetLlmOptions = {}): void {
    validateRecommenderOptions({ ...(llm ? { llm } : {}), ...(options.augmentEngine ? { augmentEngine: options.augmentEngine } : {}) });
    this.llm.set(llm, options);
  }

  async clearAll(): Promise<void> {
    await this.store.clearAll();
    this.forgetDataset();
  }

  async dispose(): Promise<void> {
    this.models.forget();
    this.gate.resume();
    if (this.ownsStore) this.store.close();
  }

  /** The loop over the stored dataset (NO_DATASET without one); built once per dataset. */
  private ready(): Promise<Llama4RecLoop> {
    const building = (this.loop ??= this.buildLoop());
    // A failed build (no dataset yet) is not remembered: the next call looks again.
    building.catch(() => this.loop === building && (this.loop = null));
    return building;
  }

  private async buildLoop(): Promise<Llama4RecLoop> {
    const dataset = await this.store.loadDataset();
    if (!dataset) throw new RecError('NO_DATASET', 'There is no dataset yet; call ensureDataset() or import() first.');
    const { options, store, models, runTraining } = this;
    const settings = {
      kPrime: this.kPrime(),
      promptAugmentation: this.promptAugmentation(),
      ...(options.rerank ? { rerank: options.rerank } : {}),
      mf: options.mf ?? {},
      ...(options.backbone ? { backbone: options.backbone } : {}),
      ...(options.lightgcn ? { lightgcn: options.lightgcn } : {}),
    };
    return new Llama4RecLoop({ ctx: loopContext(dataset), store, models, runTraining, settings });
  }

  private forgetDataset(): void {
    this.loop = null;
    this.models.forget();
  }

  private kPrime(): number {
    return this.options.kPrime ?? DEFAULT_CONFIG.loop.kPrime;
  }

  private promptAugmentation(): boolean {
    return this.options.promptAugmentation ?? DEFAULT_CONFIG.loop.promptAugmentation;
  }

  /** The loaded LLM, or CONFIG_INVALID naming the call that needs one. */
  private async requireEngine(call: string, signal: AbortSignal | undefined): Promise<LlmEngine> {
    const engine = await this.llm.ready(signal);
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
