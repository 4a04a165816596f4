import { PublishError } from '../../core/publish/publishError';
import { PRIVATE_KEY_FILE_VARIABLE, WALLET_PASSPHRASE_VARIABLE } from '../../core/wallet/walletVariables';
import type { CliCommand } from '../cliCommand';
import { UsageError, dataOptionHelp, parseCommandArgs, printable, resolveDataDir } from '../cliCommand';
import { loadCommandNetwork, networkOptionHelp } from '../networkOption';

export const artistCommand: CliCommand = {
  synopsis: 'artist create <name>',
  summary: 'Become an artist: create your artist contract (once)',
  help: `Usage: busker artist create <name>

Creates this wallet's artist contract on the network, named <name>. A wallet has one
artist contract: if it already has one, that one is shown and nothing is created.

The wallet is the data folder's (\`busker wallet\`), unlocked with ${WALLET_PASSPHRASE_VARIABLE},
or the 0x private key in the file ${PRIVATE_KEY_FILE_VARIABLE} names.

Options:
${networkOptionHelp}
${dataOptionHelp}
  -h, --help        Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      network: { type: 'string' },
      data: { type: 'string' },
    });
    const [action, ...rest] = positionals;
    if (action !== 'create') {
      throw new UsageError(
        action === undefined
          ? 'Say what to do: `busker artist create <name>`.'
          : `Unknown action "${action}".`,
      );
    }
    const name = rest.join(' ').trim();
    if (!name) throw new UsageError('Give the artist a name: `busker artist create <name>`.');
    const dataDir = resolveDataDir(values.data);
    const network = await loadCommandNetwork(values.network, dataDir);
    const [{ openArtistSession }, { commandLineWallet }, { becomeArtist }] = await Promise.all([
      import('../../core/publish/artistSession'),
      import('../../core/wallet/commandLineWallet'),
      import('../../core/publish/becomeArtist'),
    ]);
    try {
      const session = await openArtistSession(network, await commandLineWallet(process.env, dataDir));
      try {
        const account = await becomeArtist(session.wallet, session.network.factory, name, {
          fromBlock: session.network.factoryBlock,
        });
        process.stdout.write(
          account.created
            ? `Created the artist contract ${account.artist} for "${printable(account.name)}".\n`
            : `This wallet is already an artist: ${account.artist} ("${printable(account.name)}"). Nothing was created.\n`,
        );
        return 0;
      } finally {
        session.close();
      }
    } catch (error) {
      if (error instanceof PublishError) {
        process.stderr.write(`busker artist: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
