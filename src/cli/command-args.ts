/**
 * The flags of one `l4r` command, parsed strictly (an unknown flag is an error) with positional
 * arguments allowed, so a command can print its usage when it gets one it does not take.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type CommandConfig<O extends Options> = { args: string[]; options: O; allowPositionals: true; strict: true };
/** Named so the published .d.ts can spell it (@types/node does not export parseArgs' result type). */
export type ParsedCommandArgs<O extends Options> = ReturnType<typeof parseArgs<CommandConfig<O>>>;

export function parseCommandArgs<O extends Options>(args: string[], options: O): ParsedCommandArgs<O> {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}
