import { resolve } from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { defaultDataDir } from '../base/dataDir';

/** What every command gets from the entry point. */
export interface CliContext {
  version: string;
  /** The built renderer (`dist/renderer`), found next to the CLI bundle. */
  rendererDir: string;
}

/** One `busker <name>` command. Exit codes: 0 done, 1 failed, 2 wrong usage. */
export interface CliCommand {
  /** `import <folder>`: the command line as the help shows it. */
  synopsis: string;
  summary: string;
  /** The full `busker <name> --help` text. */
  help: string;
  run(args: string[], context: CliContext): Promise<number>;
}

/** The command line was wrong: the entry point prints the message and points at `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** True when the command line asks for help (`-h`/`--help` before any `--`): the entry point answers it. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** Parses a command's own options and positionals; parseArgs errors become a short UsageError. */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      // Node's message goes on about `--` after the first sentence; the first sentence says it all.
      const message = (error as Error).message.split('. ')[0] ?? 'Invalid arguments';
      throw new UsageError(message.endsWith('.') ? message : `${message}.`);
    }
    throw error;
  }
}

export const dataOptionHelp = `  --data <dir>   Where the library is kept (default: ${defaultDataDir()})`;

export function resolveDataDir(option: string | undefined): string {
  return option === undefined ? defaultDataDir() : resolve(option);
}

/** Tags are hostile input: control characters must not reach the terminal as escape sequences. */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, ' ');
}
