/**
 * Fills the device panel's and LLM panel's view models from the real sources: the capabilities
 * probe (adapter, features, limits, storage, cached weights; src/llm/capabilities.ts), the
 * model registry, and the TF.js backend the training reported. Nothing here measures twice what
 * the probe already measures.
 */
import { probeCapabilities, hasRoomFor, type DeviceCapabilities } from '../llm/capabilities.ts';
import { MODEL_REGISTRY, estimateDownloadMB, needsShaderF16, type ModelRegistry } from '../llm/registry.ts';
import { ShaderF16UnavailableError, WebGpuUnavailableError } from '../llm/llm-errors.ts';
import { isWebLlmModelCached } from '../llm/webllm/lazy.ts';
import type { BackendReport, DeviceReport, Known } from '../ui/device-report.ts';
import type { LlmModelView } from '../ui/l4r-llm-panel.ts';

const MIB = 2 ** 20;

export async function probeDevice(registry: ModelRegistry = MODEL_REGISTRY): Promise<DeviceCapabilities> {
  return probeCapabilities({ registry, isModelCached: (entry) => isWebLlmModelCached(entry, { registry }) });
}

/** Whether the browser promised to keep this site's data (a separate API from the estimate). */
async function persisted(): Promise<boolean | undefined> {
  try {
    return (await globalThis.navigator?.storage?.persisted?.()) ?? undefined;
  } catch {
    return undefined;
  }
}

export async function deviceReport(
  caps: DeviceCapabilities,
  backend: Known<BackendReport>,
  registry: ModelRegistry = MODEL_REGISTRY,
): Promise<DeviceReport> {
  const isPersisted = await persisted();
  return {
    gpu:
      caps.webgpu && caps.adapter
        ? {
            state: 'known',
            value: {
              vendor: caps.adapter.vendor,
              architecture: caps.adapter.architecture,
              device: '',
              description: caps.adapter.description,
              features: caps.features,
              shaderF16: caps.shaderF16,
              limits: { ...(caps.limits ?? {}) },
              ...(caps.adapter.isFallbackAdapter ? { isFallbackAdapter: true } : {}),
            },
          }
        : { state: 'unknown', reason: `No WebGPU: ${caps.webgpuProblem ?? 'the adapter could not be read'}. Training falls back to WebGL/WASM and the LLM cannot run.` },
    backend,
    storage: caps.storage
      ? { state: 'known', value: isPersisted === undefined ? caps.storage : { ...caps.storage, persisted: isPersisted } }
      : { state: 'unknown', reason: 'This browser does not report how much storage the site uses.' },
    llmWeights: {
      state: 'known',
      value: registry.models.map((m) => ({ modelId: m.id, displayName: m.label, cached: caps.cachedModels.includes(m.id) })),
    },
  };
}

/** The LLM panel's model list: sizes, cached or not, and why a model cannot run here. */
export function llmModelViews(caps: DeviceCapabilities, registry: ModelRegistry = MODEL_REGISTRY): LlmModelView[] {
  return registry.models.map((m): LlmModelView => {
    const cached = caps.cachedModels.includes(m.id);
    const downloadMB = estimateDownloadMB(m);
    const view: LlmModelView = {
      id: m.id,
      displayName: m.label,
      downloadBytes: downloadMB * MIB,
      memoryBytes: m.vramMB * MIB,
      cached,
    };
    // Same wording as the errors loading would throw, so the panel and a failed load agree.
    if (!caps.webgpu) view.blockedReason = new WebGpuUnavailableError().message;
    else if (needsShaderF16(m) && !caps.shaderF16) view.blockedReason = new ShaderF16UnavailableError(m.id).message;
    else if (!cached && !caps.online) view.blockedReason = 'You are offline and this model is not downloaded yet; connect to download it.';
    else if (!cached && hasRoomFor(caps, downloadMB) === false) {
      view.blockedReason = `Not enough free storage for the ${downloadMB.toLocaleString('en-US')} MB download; free space in the browser's site settings.`;
    }
    return view;
  });
}
