/**
 * The demo's language model: which models can run here, loading one (download with progress,
 * cancel), unloading it. A Lit ReactiveController, so <l4r-app> re-renders as the state moves.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeviceCapabilities } from '../llm/capabilities.ts';
import type { LlmEngine } from '../llm/engine.ts';
import { MODEL_REGISTRY, findModel } from '../llm/registry.ts';
import { createWebLlmEngine } from '../llm/webllm/lazy.ts';
import type { LlmPanelView } from '../ui/l4r-llm-panel.ts';
import type { EngineSpec } from '../workers/engine-spec.ts';
import type { DemoTestDouble } from './demo-test-double.ts';
import { llmModelViews } from './measure-device.ts';

export class LlmController implements ReactiveController {
  view: LlmPanelView = { models: { state: 'unknown', reason: 'Checking which models this device can run…' } };
  /** The loaded engine, for re-ranking and augmentation; undefined until one is loaded. */
  engine: LlmEngine | undefined;
  /** How the augmentation worker builds the same engine (a test double); undefined: augment with `engine` on the page. */
  engineSpec: EngineSpec | undefined;
  private abort: AbortController | undefined;
  private caps: DeviceCapabilities | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called when a model has been loaded or unloaded (the recommendation source changes). */
    private readonly onEngineChange: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
    void this.engine?.unload();
  }

  /** New probe results (after a measure, a download, a clear). */
  setCapabilities(caps: DeviceCapabilities): void {
    this.caps = caps;
    this.update({ models: { state: 'known', value: llmModelViews(caps) } });
  }

  /** `?llm=test-double`: the double answers instead of a language model, shown under its own id. */
  useTestDouble(double: DemoTestDouble): void {
    this.engine = double.engine;
    this.engineSpec = double.spec;
    this.update({ loadedId: double.engine.modelId });
    this.onEngineChange();
  }

  async load(modelId: string): Promise<void> {
    if (this.view.loading) return;
    const abort = new AbortController();
    this.abort = abort;
    this.update({ loading: { modelId }, error: undefined });
    try {
      const previous = this.engine;
      if (previous) {
        // The recommender lets go of the engine before it unloads, not after the next download.
        this.engine = undefined;
        this.engineSpec = undefined;
        this.onEngineChange();
        this.update({ loadedId: undefined });
        await previous.unload();
      }
      const engine = await createWebLlmEngine({ entry: findModel(modelId, MODEL_REGISTRY) });
      await engine.load({
        signal: abort.signal,
        onProgress: (progress) => this.update({ loading: { modelId, progress } }),
      });
      this.engine = engine;
      this.update({ loading: undefined, loadedId: modelId });
      if (this.caps && !this.caps.cachedModels.includes(modelId)) {
        this.setCapabilities({ ...this.caps, cachedModels: [...this.caps.cachedModels, modelId] });
      }
      this.onEngineChange();
    } catch (error) {
      this.update({ loading: undefined, loadedId: undefined, error });
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  async unload(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    this.engineSpec = undefined;
    this.update({ loadedId: undefined });
    await engine?.unload();
    this.onEngineChange();
  }

  private update(patch: Partial<LlmPanelView>): void {
    const next: LlmPanelView = { ...this.view, ...patch };
    // `undefined` in the patch means "clear it", not "keep the old value".
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete (next as unknown as Record<string, unknown>)[key];
    }
    this.view = next;
    this.host.requestUpdate();
  }
}
