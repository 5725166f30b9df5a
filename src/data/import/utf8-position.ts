/**
 * Where in a chunk of bytes UTF-8 decoding fails, so an encoding error is reported at the line
 * holding the bad byte rather than at the start of the chunk the decoder was given. Only run
 * after `TextDecoder` (fatal) has thrown; the rules are the WHATWG decoder's (no overlong
 * forms, no surrogates, nothing above U+10FFFF).
 */

/**
 * How many continuation bytes the next chunk must start with to complete the character this
 * chunk ends in: 0 when it ends on a whole character.
 */
export function pendingContinuations(bytes: Uint8Array | undefined): number {
  if (!bytes) return 0;
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? length - back : 0;
  }
  return 0;
}

/**
 * Offset of the first byte of `bytes` that starts (or breaks) an invalid sequence, or -1 when
 * every complete sequence is valid. `continuations`: how many continuation bytes are owed to
 * the previous chunk's last character (see `pendingContinuations`).
 */
export function firstInvalidUtf8(bytes: Uint8Array, continuations = 0): number {
  const n = bytes.length;
  let i = 0;
  for (; i < continuations && i < n; i++) {
    if ((bytes[i]! & 0xc0) !== 0x80) return i;
  }
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0; // overlong
      if (b === 0xed) upper = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90; // overlong
      if (b === 0xf4) upper = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return -1; // completed by the next chunk
      const c = bytes[i + k]!;
      if (k === 1 ? c < lower || c > upper : (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes equal to `code` (a line break) come before `end`. */
export function countBytes(bytes: Uint8Array, code: number, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === code) count++;
  return count;
}
