import { randomBytes } from 'node:crypto';
import { encryptFileToBsk1 } from '../../protocol/bsk1File';
import { CONTENT_KEY_BYTES, keyCommitment } from '../../protocol/keyCommitment';
import type { CliCommand } from '../cliCommand';
import { parseCommandArgs, printable } from '../cliCommand';
import { inputAndOutput, inputFileProblem, outputFileProblem } from '../fileArguments';

export const encryptCommand: CliCommand = {
  synopsis: 'encrypt <in> <out>',
  summary: 'Encrypt an audio file for publishing, with a new content key',
  help: `Usage: busker encrypt <in> <out>

Encrypts the file <in> as a Busker encrypted track (BSK1) at <out>, with a new random
content key. Prints the content key and its commitment: keep the key secret (anyone who
has it can play the track) and publish the commitment with the track. <out> appears only
once it is complete; if it already exists, it is replaced.

Options:
  -h, --help     Show this help
`,
  async run(args) {
    const { positionals } = parseCommandArgs(args, {});
    const { input, output } = inputAndOutput(positionals, 'encrypt');
    const problem = (await inputFileProblem(input)) ?? (await outputFileProblem(output));
    if (problem) {
      process.stderr.write(`busker encrypt: ${problem}\n`);
      return 1;
    }
    const key = randomBytes(CONTENT_KEY_BYTES);
    const { plaintextLength, containerSize } = await encryptFileToBsk1(input, output, key);
    process.stdout.write(
      `Encrypted ${printable(input)} (${plaintextLength} bytes) to ${printable(output)} (${containerSize} bytes).\n` +
        `content key  ${key.toString('hex')}\n` +
        `commitment   0x${keyCommitment(key).toString('hex')}\n` +
        'Keep the content key secret: anyone who has it can play the track.\n',
    );
    return 0;
  },
};
