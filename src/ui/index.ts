/**
 * The embeddable element's surface: the package's 'llama4rec-web/elements' subpath, re-exported by
 * src/index.ts. Importing it defines <l4r-recommendations>; its lists come from a
 * RecommendationSource: `recommenderSource(rec)` over a recommender, `useStoreRecommendations()`
 * for every element on the page (opens this browser's store on first use), or an app's own.
 */
export { L4rRecommendations, type ItemChosenDetail } from './l4r-recommendations.ts';
export { setDefaultRecommendationSource } from './default-source.ts';
export { useStoreRecommendations, recommenderSource } from './source-from-recommender.ts';
export type { RecommendationSource, RecommendationTask, Recommendations, ShownItem } from './recommendation-source.ts';
