/**
 * The RecommendationSource of `<l4r-recommendations>` over the public recommender
 * (createRecommender, src/api/): the demo and host pages get their lists from the same
 * `rec.recommend()` (MF's top-k', the LLM's re-ranking with prompt augmentation, the per-user
 * blend; with `task: 'next'` SASRec's next items the same way) that the API documents. This file
 * only adapts the answer to what the element shows: which model produced it, why it is the
 * conventional model alone when it is, and the similar user the prompt carried.
 */
import type { Recommender } from '../api/recommender.ts';
import { DEFAULT_CONFIG } from '../config.ts';
import { listenToStore } from '../data/store-channel.ts';
import type { ActiveModelInfo } from '../training/serving-models.ts';
import { RecError } from '../errors.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { setDefaultRecommendationSource } from './default-source.ts';
import type { RecommendationSource, Recommendations } from './recommendation-source.ts';

type Facade = Pick<Recommender, 'recommend' | 'activeModel' | 'alpha'>;

const MODEL_NAMES: Record<ActiveModelInfo['kind'], string> = { 'mf-bpr': 'BPR-MF', lightgcn: 'LightGCN', 'mf-rating': 'biased MF', sasrec: 'SASRec' };

/** "BPR-MF", or "BPR-MF (D ∪ 120 LLM pairs)" for a model trained on augmented pairs ("SASRec (D ∪ 40 LLM picks)" for the next items). */
export function modelLabel(info: Pick<ActiveModelInfo, 'task' | 'augmentedPairs'> & { kind?: ActiveModelInfo['kind'] } | null): string {
  const kind = info?.kind ?? (info?.task === 'rating' ? 'mf-rating' : info?.task === 'next' ? 'sasrec' : 'mf-bpr');
  const name = MODEL_NAMES[kind];
  const what = kind === 'sasrec' ? 'LLM picks' : 'LLM pairs';
  return info && info.augmentedPairs > 0 ? `${name} (D ∪ ${info.augmentedPairs.toLocaleString('en-US')} ${what})` : name;
}

const ALPHA_SOURCE = { options: 'given', tuned: 'tuned', default: 'untuned default' } as const;

export function recommenderSource(rec: Facade): RecommendationSource {
  return {
    async recommend(userId, k, { signal, task = 'ranking' } = {}): Promise<Recommendations> {
      const [answer, active, alpha] = await Promise.all([
        rec.recommend(userId, { k, ...(task === 'next' ? { task } : {}), ...(signal ? { signal } : {}) }),
        rec.activeModel(task),
        rec.alpha(task),
      ]);
      const label = modelLabel(active);
      // The loop's items as they are: one item type from the blend to the element.
      const result: Recommendations = { userId: answer.userId, items: answer.items, producedBy: answer.llm.used ? `${label} + ${answer.llm.modelId}` : label };
      if (task === 'next') result.scoreLabel = 'SASRec';
      if (answer.llm.used) {
        // Only a user whose history the prompt really carried (prompt augmentation on, PAPER.md §3).
        if (answer.similarUser) result.similarUser = answer.similarUser;
      } else {
        result.note = `${answer.llm.message} α_u from ${ALPHA_SOURCE[alpha.source]} α1 = ${alpha.alpha1}, α2 = ${alpha.alpha2}.`;
      }
      return result;
    },
  };
}

/** The watch of the last `useStoreRecommendations` call (a second call replaces the first). */
let stopWatching: (() => void) | undefined;

/**
 * For host pages: makes every `<l4r-recommendations>` without a `source` read from this
 * browser's store through a recommender opened on first use (pass `engine` to let a loaded LLM
 * re-rank). Fails with NO_DATASET / NOT_TRAINED, shown by the element, when the store holds no
 * dataset or no trained model yet. When the stored dataset changes (an import or a clear, in
 * this page or another tab), the recommender is let go and every such element asks again.
 */
export function useStoreRecommendations(options: { dbName?: string; engine?: LlmEngine } = {}): void {
  stopWatching?.();
  let built: Promise<Recommender> | undefined;
  const register = () =>
    setDefaultRecommendationSource(async () => {
      // Loaded when an element first asks: the recommender's validation brings TF.js along.
      const { createRecommender } = await import('../api/create-recommender.ts');
      const opening = createRecommender({ ...(options.dbName ? { dbName: options.dbName } : {}), ...(options.engine ? { llm: options.engine } : {}) });
      built = opening;
      const rec = await opening;
      try {
        if ((await rec.store.info()) === null) {
          throw new RecError('NO_DATASET', 'This browser holds no dataset yet; open the demo (or call ensureDataset()) first.');
        }
        // Either list may serve alone; an element asking for the other one shows that one's NOT_TRAINED.
        if ((await rec.activeModel('ranking')) === null && (await rec.activeModel('next')) === null) {
          throw new RecError('NOT_TRAINED', 'No recommender is trained in this browser yet; train one in the demo (or call train()) first.');
        }
      } catch (error) {
        // A failed build is retried on the next request: nothing stays open meanwhile.
        if (built === opening) built = undefined;
        await rec.dispose();
        throw error;
      }
      return recommenderSource(rec);
    });
  register();
  // Heard on the store's channel, not through a recommender: an element that found no dataset
  // (so no recommender stays open) must still hear of the import that brings one.
  stopWatching = listenToStore(options.dbName ?? DEFAULT_CONFIG.storage.dbName, (message) => {
    if (message.type !== 'dataset-changed') return;
    const old = built;
    built = undefined;
    void old?.then((rec) => rec.dispose(), () => undefined);
    register();
  });
}
