/**
 * `busker`: the command line, loaded by its entry point (busker.ts); each command lives in
 * cli/commands/ and is listed once in `commands`.
 */
import { fileURLToPath } from 'node:url';
import packageJson from '../package.json' with { type: 'json' };
import { AppError } from '../core/errors';
import { WalletError } from '../core/wallet/walletError';
import type { CliCommand, CliContext } from './cliCommand';
import { UsageError, wantsHelp } from './cliCommand';
import { artistCommand } from './commands/artist';
import { catalogueCommand } from './commands/catalogue';
import { decryptCommand } from './commands/decrypt';
import { devnetCommand } from './commands/devnet';
import { encryptCommand } from './commands/encrypt';
import { importCommand } from './commands/import';
import { keyserverCommand } from './commands/keyserver';
import { networkCommand } from './commands/network';
import { publishCommand } from './commands/publish';
import { searchCommand } from './commands/search';
import { seedCommand } from './commands/seed';
import { serveCommand } from './commands/serve';
import { unlockCommand } from './commands/unlock';
import { walletCommand } from './commands/wallet';

const commands: Record<string, CliCommand> = {
  devnet: devnetCommand,
  import: importCommand,
  keyserver: keyserverCommand,
  seed: seedCommand,
  encrypt: encryptCommand,
  decrypt: decryptCommand,
  search: searchCommand,
  serve: serveCommand,
  catalogue: catalogueCommand,
  unlock: unlockCommand,
  wallet: walletCommand,
  network: networkCommand,
  artist: artistCommand,
  publish: publishCommand,
};

function generalHelp(): string {
  const names = Object.values(commands).map((command) => command.synopsis);
  const width = Math.max(...names.map((name) => name.length)) + 3;
  const lines = Object.values(commands).map(
    (command) => `  ${command.synopsis.padEnd(width)}${command.summary}`,
  );
  return `Usage: busker <command> [options]

Busker plays the music on this computer and keeps its library in one folder.

Commands:
${lines.join('\n')}

Options:
  -h, --help${' '.repeat(Math.max(1, width - 10))}Show this help; \`busker <command> --help\` shows a command's
  -V, --version${' '.repeat(Math.max(1, width - 13))}Print Busker's version
`;
}

export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(generalHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`busker ${context.version}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const what = name.startsWith('-') ? `unknown option "${name}"` : `unknown command "${name}"`;
    process.stderr.write(`busker: ${what}. Run \`busker --help\` to see the commands.\n`);
    return 2;
  }
  if (wantsHelp(args)) {
    process.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`busker ${name}: ${error.message}\nRun \`busker ${name} --help\` for usage.\n`);
      return 2;
    }
    // Errors meant for the user say what to do themselves: no "failed", no stack.
    if (error instanceof AppError || error instanceof WalletError) {
      process.stderr.write(`busker ${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(
      `busker ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

// Built, this file is a chunk in dist/cli/ beside dist/renderer/; run from source by tsx, the
// built renderer is in dist/ at the repository root.
const rendererUrl = import.meta.url.endsWith('.ts') ? '../dist/renderer/' : '../renderer/';
process.exitCode = await runCli(process.argv.slice(2), {
  version: packageJson.version,
  rendererDir: fileURLToPath(new URL(rendererUrl, import.meta.url)),
});
