// Vitest setup of the `webgpu` project (vite.config.ts): Dawn's navigator.gpu before the test
// files import TF.js's WebGPU backend. The project starts its workers with SwiftShader's Vulkan
// driver in their environment when no other is set.
import { installNodeWebGpu } from './node-webgpu.ts';

const result = await installNodeWebGpu();
if ('unavailable' in result) throw new Error(result.unavailable);
