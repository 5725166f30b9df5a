/**
 * The flags of one `l4r` command, parsed strictly (an unknown flag is an error) with positional
 * arguments allowed, so a command can print its usage when it gets one it does not take.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}
