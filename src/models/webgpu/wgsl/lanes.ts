// WGSL for kernels that work on one or four columns at a time (shared by train-step.wgsl.ts and queries.wgsl.ts).

/**
 * The kernels work on `lanes` columns at a time: 4 (vec4<f32>, one 16-byte load or store) when
 * the table's width is a multiple of 4, else 1 (f32). Four lanes cut the memory operations per
 * value by four, which is what a step costs on SwiftShader and coalesces better on a GPU. A row
 * of width w is w / lanes CHUNKS; buffers of per-row data are indexed in chunks.
 */
export type Lanes = 1 | 4;

/** WGSL helpers for a lane width: the chunk type, its sum, and the 0/1 gradient mask of a chunk. */
export function laneHelpers(lanes: Lanes): string {
  if (lanes === 1) {
    return /* wgsl */ `
alias Chunk = f32;
fn total(x: f32) -> f32 { return x; }
fn laneMask(chunk: u32, column: u32) -> f32 { return select(1.0, 0.0, chunk == column); }
`;
  }
  return /* wgsl */ `
alias Chunk = vec4<f32>;
fn total(x: vec4<f32>) -> f32 { return (x.x + x.y) + (x.z + x.w); }
fn laneMask(chunk: u32, column: u32) -> vec4<f32> {
  let lanes = vec4<u32>(4u * chunk, 4u * chunk + 1u, 4u * chunk + 2u, 4u * chunk + 3u);
  return select(vec4<f32>(1.0), vec4<f32>(0.0), lanes == vec4<u32>(column));
}
`;
}

/** 4 lanes where the width allows, else 1. */
export function lanesFor(width: number): Lanes {
  return width % 4 === 0 ? 4 : 1;
}

