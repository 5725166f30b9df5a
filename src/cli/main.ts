/**
 * `l4r <command> …`: Node entry for headless import, evaluation, prompts and benchmarks.
 * Each command lives in its own file and exports `run(args): Promise<number>` (the exit code).
 */
import { isRecError } from '../errors.ts';

type CommandModule = { run(args: string[]): Promise<number>; usage: string };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  import: () => import('./import-command.ts'),
  eval: () => import('./eval-command.ts'),
  'bench-train': () => import('./bench-train-command.ts'),
  'bench-sasrec': () => import('./bench-sasrec-command.ts'),
  'bench-lightgcn': () => import('./bench-lightgcn-command.ts'),
  prompt: () => import('./prompt-command.ts'),
  'export-instructions': () => import('./export-instructions-command.ts'),
  experiment: () => import('./experiment-command.ts'),
  baseline: () => import('./baseline-command.ts'),
  'bench-parse': () => import('./bench-parse-command.ts'),
  'llm-calls': () => import('./llm-calls-command.ts'),
  models: () => import('./models-command.ts'),
  ask: () => import('./ask-command.ts'),
};

function printUsage(): void {
  console.log('usage: l4r <command> [options]\n\ncommands:');
  for (const name of Object.keys(COMMANDS)) console.log(`  ${name}`);
  console.log('\nRun `l4r <command> --help` for a command\'s options.');
}

/** `l4r bench train …` is spelled as in the docs; it runs the `bench-train` command. */
function resolveCommandName(argv: string[]): [string | undefined, string[]] {
  const [first, second, ...rest] = argv;
  if (first === 'bench' && second && !second.startsWith('-')) return [`bench-${second}`, rest];
  return [first, argv.slice(1)];
}

export async function main(argv: string[]): Promise<number> {
  const [name, args] = resolveCommandName(argv);
  if (!name || name === '--help' || name === '-h') {
    printUsage();
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`l4r: unknown command "${name}".`);
    printUsage();
    return 2;
  }
  const command = await load();
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (isRecError(error)) {
      console.error(`l4r ${name}: ${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
