import { describe, expect, it } from 'vitest';
import { toJsonl, toRecord } from './instructions.ts';

describe('the instruction format', () => {
  it('takes the system message as the instruction and the user message as the input', () => {
    const record = toRecord([{ role: 'system', content: 'You rank.' }, { role: 'user', content: 'History: …' }], 'B, A');
    expect(record).toEqual({ instruction: 'You rank.', input: 'History: …', output: 'B, A' });
  });

  it('writes one JSON object per line with the fields in the common order', () => {
    const text = toJsonl([{ output: '4', input: 'x "quoted"\nline', instruction: 'i' }, { instruction: 'j', input: 'y', output: '2' }]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['instruction', 'input', 'output']);
    expect(JSON.parse(lines[0]!).input).toBe('x "quoted"\nline');
    expect(toJsonl([])).toBe('');
  });
});
