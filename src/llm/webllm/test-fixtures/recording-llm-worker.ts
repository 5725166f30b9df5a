/// <reference lib="webworker" />
/**
 * TEST ONLY: the real LLM worker with every network request it makes announced on a
 * BroadcastChannel, so a browser test can check that WebLLM asked for exactly the URLs the
 * registry implies. WebLLM fetches through both `fetch` and the Cache API's `add`, so both are
 * wrapped. The recorder module must be imported first: modules run in import order.
 */
import './fetch-recorder.ts';
import '../../../workers/llm-worker.ts';
