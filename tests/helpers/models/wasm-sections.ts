/** Test helper: the section ids of a wasm binary, in order (after the 8-byte header; sizes are unsigned LEB128). */
export function sectionIds(wasm: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < wasm.length) {
    ids.push(wasm[at++]!);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++]!;
      size |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    at += size;
  }
  return ids;
}
