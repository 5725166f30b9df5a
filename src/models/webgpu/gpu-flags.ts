/**
 * WebGPU's buffer usage and map mode bits as plain numbers (the spec fixes them). The globals
 * `GPUBufferUsage` and `GPUMapMode` exist only where WebGPU does, and modules that import these
 * kernels are loaded everywhere (Node without Dawn, browsers without WebGPU).
 */
export const USAGE = { MAP_READ: 0x0001, COPY_SRC: 0x0004, COPY_DST: 0x0008, UNIFORM: 0x0040, STORAGE: 0x0080 } as const;
export const MAP_READ_MODE = 0x0001;
