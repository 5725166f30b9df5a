import { RecError } from '../errors.ts';

/**
 * The value of an optional whole-number flag `--<name>`: `fallback` when it is absent, otherwise
 * an integer ≥ min, or a CONFIG_INVALID error that names the flag and the bound.
 */
export function wholeNumberFlag(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RecError('CONFIG_INVALID', `--${name} must be a whole number ≥ ${min}, got "${value}".`);
  return n;
}
