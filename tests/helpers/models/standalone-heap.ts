/** Test helper: a fresh memory with a bump allocator, standing in for TF.js's heap where a test must see every byte. */
import type { WasmHeap } from '../../../src/models/wasm-heap.ts';

export function standaloneHeap(shared: boolean): WasmHeap & { blocks: { at: number; bytes: number }[] } {
  const memory = new WebAssembly.Memory({ initial: 4, maximum: 64, shared });
  let next = 64;
  const blocks: { at: number; bytes: number }[] = [];
  return {
    memory,
    blocks,
    malloc(bytes) {
      const at = next;
      next += (bytes + 15) & ~15;
      blocks.push({ at, bytes });
      return at;
    },
    free() {},
  };
}

/**
 * Runs `step` on tables living in `heap` and returns the byte offsets it changed that it had no
 * right to: anything but rows `touched` of weights, m and v (`width` floats per row) and the
 * kernel's scratch (the heap's last block). Everything outside the tables is filled with a
 * pattern first, so a stray write anywhere shows.
 */
export function strayWrites(
  heap: ReturnType<typeof standaloneHeap>,
  state: { weights: Float32Array; m: Float32Array; v: Float32Array },
  width: number,
  touched: ReadonlySet<number>,
  step: () => void,
): number[] {
  const bytes = new Uint8Array(heap.memory.buffer);
  bytes.fill(0xa5, state.v.byteOffset + state.v.byteLength);
  bytes.fill(0x5a, 0, state.weights.byteOffset);
  const before = bytes.slice();
  step();
  const after = new Uint8Array(heap.memory.buffer);
  const scratch = heap.blocks.at(-1)!;
  const allowed = (at: number) => {
    if (at >= scratch.at && at < scratch.at + scratch.bytes) return true;
    for (const part of [state.weights, state.m, state.v]) {
      const offset = at - part.byteOffset;
      if (offset >= 0 && offset < part.byteLength) return touched.has(Math.floor(offset / 4 / width));
    }
    return false;
  };
  const stray: number[] = [];
  for (let at = 0; at < after.length; at++) if (after[at] !== before[at] && !allowed(at)) stray.push(at);
  return stray;
}
