// `node --import tsx --import ./src/models/webgpu/node/preload.ts <entry>`: Dawn's WebGPU as
// navigator.gpu before anything imports TF.js's WebGPU backend (install-node-webgpu.ts says why).
import { installNodeWebGpu } from './install-node-webgpu.ts';

const result = await installNodeWebGpu();
if ('unavailable' in result) console.error(`WebGPU is not available in this Node process: ${result.unavailable}`);
