/**
 * The package that registers each TF.js backend, imported the first time that backend is tried.
 * Nothing imports a backend up front: a page or worker downloads only the backend it runs on
 * (on a phone without WebGPU, the WebGPU backend's code never arrives). `@tensorflow/tfjs-core`
 * itself is imported statically by the model code; the `@tensorflow/tfjs` umbrella (layers,
 * converter, data) is not used at all, nor installed: functional ops only (`tf.reshape(t, …)`), since
 * tfjs-core does not register the umbrella's chained tensor methods.
 */
import type { BackendName } from './backend-request.ts';

const LOADERS: Record<BackendName, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

/** Imports the backend's package, which registers its factory with tfjs-core as a side effect. */
export async function loadBackendModule(name: BackendName): Promise<void> {
  await LOADERS[name]();
}
