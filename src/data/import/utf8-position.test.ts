import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, pendingContinuations } from './utf8-position.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('firstInvalidUtf8', () => {
  it('finds nothing in valid text, also with characters of 2, 3 and 4 bytes', () => {
    expect(firstInvalidUtf8(utf8('a é € 😀 z'))).toBe(-1);
  });

  it('finds a latin-1 byte, a stray continuation byte, overlong forms and surrogates', () => {
    expect(firstInvalidUtf8(bytes(0x61, 0xe9, 0x0a))).toBe(1); // "aé\n" in latin-1
    expect(firstInvalidUtf8(bytes(0x61, 0x80))).toBe(1);
    expect(firstInvalidUtf8(bytes(0xc0, 0xaf))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8(bytes(0xe0, 0x80, 0xaf))).toBe(0); // overlong
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0); // surrogate U+D800
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
  });

  it('leaves a character cut at the chunk end to the next chunk, and checks the bytes it is owed', () => {
    const euro = utf8('€'); // e2 82 ac
    expect(firstInvalidUtf8(bytes(0x61, euro[0]!, euro[1]!))).toBe(-1);
    expect(pendingContinuations(bytes(0x61, euro[0]!, euro[1]!))).toBe(1);
    expect(pendingContinuations(utf8('a€'))).toBe(0);
    expect(firstInvalidUtf8(bytes(euro[2]!, 0x61), 1)).toBe(-1);
    expect(firstInvalidUtf8(bytes(0x61, 0x61), 1)).toBe(0); // the owed byte is missing
  });
});
