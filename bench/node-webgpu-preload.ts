// `node --import tsx --import ./bench/node-webgpu-preload.ts <entry>`: Dawn's WebGPU as
// navigator.gpu before anything imports TF.js's WebGPU backend (tests/helpers/models/node-webgpu.ts
// says why). `l4r bench train` starts its WebGPU rows so; the GPU bundle bundles it as preload.mjs.
import { installNodeWebGpu } from '../tests/helpers/models/node-webgpu.ts';

const result = await installNodeWebGpu();
if ('unavailable' in result) console.error(`WebGPU is not available in this Node process: ${result.unavailable}`);
