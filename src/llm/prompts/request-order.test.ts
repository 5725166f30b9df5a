import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../engine.ts';
import { orderForPrefixReuse, reusableChars, sharedPrefixChars } from './request-order.ts';

const sys = (content: string): ChatMessage => ({ role: 'system', content });
const user = (content: string): ChatMessage => ({ role: 'user', content });

describe('orderForPrefixReuse', () => {
  const requests = [
    { id: 1, messages: [sys('S1'), user('history of u2\nQ: item x')] },
    { id: 2, messages: [sys('S1'), user('history of u1\nQ: item y')] },
    { id: 3, messages: [sys('S2'), user('history of u1\nQ: item z')] },
    { id: 4, messages: [sys('S1'), user('history of u2\nQ: item a')] },
    { id: 5, messages: [sys('S1'), user('history of u1\nQ: item y')] },
  ];
  const ordered = orderForPrefixReuse(requests, (r) => r.messages);

  it('groups equal system messages, then users, keeping equal requests in input order', () => {
    expect(ordered.map((r) => r.id)).toEqual([2, 5, 4, 1, 3]);
  });
  it('does not change the input', () => {
    expect(requests.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });
  it('increases what consecutive requests share', () => {
    const before = reusableChars(requests, (r) => r.messages);
    const after = reusableChars(ordered, (r) => r.messages);
    expect(after).toBeGreaterThan(before);
  });
});

describe('sharedPrefixChars', () => {
  it('counts the common start of role + content across messages', () => {
    // "system\0S1\0" (10 chars) + "user\0history of u" (17 chars) are shared.
    expect(sharedPrefixChars([sys('S1'), user('history of u1')], [sys('S1'), user('history of u2')])).toBe(10 + 17);
    expect(sharedPrefixChars([sys('A')], [user('A')])).toBe(0);
  });
});
