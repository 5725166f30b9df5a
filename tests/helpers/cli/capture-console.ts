/**
 * For the CLI tests: records what a command prints (console.log → `out`, console.error → `err`,
 * each call's arguments joined by spaces) instead of printing it. Undo with vi.restoreAllMocks().
 */
import { vi } from 'vitest';

export function captureConsole(options: { silenceWarn?: boolean } = {}): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  if (options.silenceWarn) vi.spyOn(console, 'warn').mockImplementation(() => {});
  return { out, err };
}
