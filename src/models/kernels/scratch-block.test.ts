// The kernels' scratch block: reused while big enough, replaced (old block freed) when not,
// 16-byte aligned, and a typed QUOTA_EXCEEDED when the heap's allocator has no room.
import { expect, test } from 'vitest';
import { ScratchBlock } from './scratch-block.ts';

function heap(room: number) {
  const calls: string[] = [];
  let next = 8; // deliberately unaligned, as a malloc may return
  return {
    calls,
    memory: new WebAssembly.Memory({ initial: 1 }),
    malloc(bytes: number) {
      calls.push(`malloc ${bytes}`);
      if (next + bytes > room) return 0;
      const at = next;
      next += bytes;
      return at;
    },
    free(at: number) {
      calls.push(`free ${at}`);
    },
  };
}

test('reuses the block while it is big enough, replaces it when not, aligned to 16 bytes', () => {
  const h = heap(10_000);
  const scratch = new ScratchBlock(h);
  expect(scratch.reserve(100)).toEqual({ base: 16, fresh: true });
  expect(scratch.reserve(60)).toEqual({ base: 16, fresh: false });
  expect(scratch.reserve(100)).toEqual({ base: 16, fresh: false });
  const bigger = scratch.reserve(200);
  expect(bigger.fresh).toBe(true);
  expect(bigger.base % 16).toBe(0);
  expect(h.calls).toEqual(['malloc 116', 'free 8', 'malloc 216']);
});

test('a heap without room gives QUOTA_EXCEEDED, and the next request tries again', () => {
  const h = heap(300);
  const scratch = new ScratchBlock(h);
  expect(() => scratch.reserve(1000)).toThrow(expect.objectContaining({ code: 'QUOTA_EXCEEDED', message: expect.stringMatching(/smaller batch size/) }));
  expect(scratch.reserve(100)).toEqual({ base: 16, fresh: true });
});
