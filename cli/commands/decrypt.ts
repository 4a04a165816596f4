import { Bsk1Error } from '../../protocol/bsk1Decrypt';
import { decryptBsk1File } from '../../protocol/bsk1File';
import { CONTENT_KEY_BYTES } from '../../protocol/keyCommitment';
import type { CliCommand } from '../cliCommand';
import { parseCommandArgs, printable, UsageError } from '../cliCommand';
import { inputAndOutput, inputFileProblem, outputFileProblem } from '../fileArguments';

function parseKey(text: string | undefined): Buffer {
  if (text === undefined) throw new UsageError('Give the content key with --key <64 hex digits>.');
  const digits = text.startsWith('0x') ? text.slice(2) : text;
  if (!new RegExp(`^[0-9a-fA-F]{${2 * CONTENT_KEY_BYTES}}$`).test(digits)) {
    throw new UsageError(
      `--key must be the content key as ${2 * CONTENT_KEY_BYTES} hex digits, as \`busker encrypt\` printed it.`,
    );
  }
  return Buffer.from(digits, 'hex');
}

export const decryptCommand: CliCommand = {
  synopsis: 'decrypt <in> <out> --key <hex>',
  summary: 'Decrypt a Busker encrypted track with its content key',
  help: `Usage: busker decrypt <in> <out> --key <hex>

Decrypts the Busker encrypted track (BSK1) <in> to <out>. Every part of the file is
checked against the key: if any part fails, because the key is wrong or the file was
damaged or altered, nothing is written. If <out> already exists, it is replaced.

Options:
  --key <hex>    The track's content key: 64 hex digits
  -h, --help     Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { key: { type: 'string' } });
    const { input, output } = inputAndOutput(positionals, 'decrypt');
    const key = parseKey(values.key);
    const problem = (await inputFileProblem(input)) ?? (await outputFileProblem(output));
    if (problem) {
      process.stderr.write(`busker decrypt: ${problem}\n`);
      return 1;
    }
    try {
      const { plaintextLength } = await decryptBsk1File(input, output, key);
      process.stdout.write(
        `Decrypted ${printable(input)} to ${printable(output)} (${plaintextLength} bytes).\n`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof Bsk1Error)) throw error;
      process.stderr.write(
        `busker decrypt: ${error.message}. Nothing was written to ${printable(output)}.\n`,
      );
      return 1;
    }
  },
};
