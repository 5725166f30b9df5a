/**
 * 'llama4rec-web/elements': the embeddable element alone. Importing it defines
 * <l4r-recommendations>; its lists come from a RecommendationSource: `recommenderSource(rec)` over
 * a recommender, `useStoreRecommendations()` for every element on the page (opens this browser's
 * store on first use), or an app's own.
 */
export { L4rRecommendations, type ItemChosenDetail } from '../ui/l4r-recommendations.ts';
export { setDefaultRecommendationSource } from '../ui/default-recommendation-source.ts';
export { useStoreRecommendations, recommenderSource } from '../ui/recommender-source.ts';
export type { RecommendationSource, Recommendations, ScoredItem } from '../ui/recommendation-source.ts';
