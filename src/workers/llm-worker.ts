/// <reference lib="webworker" />
/**
 * Entry of the LLM module worker: the WebLLM engine (model download, WebGPU, generation) runs
 * here so the page stays responsive. Created by src/llm/webllm/webllm-engine.ts.
 */
import { startLlmWorker } from '../llm/webllm/worker-handler.ts';

startLlmWorker(self as unknown as DedicatedWorkerGlobalScope);
