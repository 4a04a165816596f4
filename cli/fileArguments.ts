import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { printable, UsageError } from './cliCommand';

/** The `<in> <out>` of a file-to-file command, resolved; two different files, or a UsageError. */
export function inputAndOutput(
  positionals: readonly string[],
  command: string,
): { input: string; output: string } {
  const [input, output, ...rest] = positionals;
  if (input === undefined || output === undefined || rest.length > 0) {
    throw new UsageError(`${command} takes two files: the one to read and the one to write.`);
  }
  if (resolve(input) === resolve(output)) {
    throw new UsageError('The output must be a different file from the input.');
  }
  return { input: resolve(input), output: resolve(output) };
}

/** What stops `path` being read as a non-empty file, in the user's words; null when nothing does. */
export async function inputFileProblem(path: string): Promise<string | null> {
  const stats = await stat(path).catch(() => null);
  if (!stats) return `There is no file at ${printable(path)}. Check the path and try again.`;
  if (!stats.isFile()) return `${printable(path)} is not a file. Give a file to read.`;
  if (stats.size === 0) return `${printable(path)} is empty: there is nothing in it to work on.`;
  return null;
}

/** What stops a file being written at `path`, in the user's words; null when nothing seems to. */
export async function outputFileProblem(path: string): Promise<string | null> {
  const folder = await stat(dirname(path)).catch(() => null);
  if (!folder?.isDirectory()) {
    return `There is no folder ${printable(dirname(path))} to write ${printable(path)} into. Create it first.`;
  }
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) return `${printable(path)} is a folder. Give a file name to write to.`;
  return null;
}
