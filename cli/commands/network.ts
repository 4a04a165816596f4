import { isAddress } from 'ethers';
import { readMarketSettings, writeMarketSettings } from '../../core/app/marketSettings';
import type { CustomNetwork } from '../../core/app/marketSettings';
import { validateCustomNetwork } from '../../core/app/networkValidation';
import { defaultNetworkFilePath, NetworkFileError, readNetworkFile } from '../../protocol/networkFile';
import type { CliCommand } from '../cliCommand';
import { dataOptionHelp, parseCommandArgs, printable, resolveDataDir, UsageError } from '../cliCommand';

const actions = ['show', 'local', 'custom'] as const;

const customOptions = ['rpc-url', 'factory', 'key-server'];

function httpUrl(text: string, option: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--${option} must be an http(s) URL (got "${printable(text)}").`);
  }
  return text;
}

function describeCustom(network: CustomNetwork): string {
  return (
    'network     custom\n' +
    `rpc         ${network.rpcUrl}\n` +
    `chain       ${network.chainId}\n` +
    `factory     ${network.factory}\n` +
    `key server  ${network.keyServerUrl}\n`
  );
}

async function showNetwork(dataDir: string): Promise<number> {
  const settings = await readMarketSettings(dataDir, (message) => process.stderr.write(`${message}\n`));
  if (settings.network) {
    process.stdout.write(describeCustom(settings.network));
    return 0;
  }
  const file = defaultNetworkFilePath(dataDir);
  try {
    const network = await readNetworkFile(file);
    process.stdout.write(
      'network     local\n' +
        `file        ${file}\n` +
        `rpc         ${network.rpcUrl}\n` +
        `chain       ${network.chainId}\n` +
        `factory     ${network.factory}\n` +
        `key server  ${network.keyServer ?? '(none)'}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof NetworkFileError)) throw error;
    process.stdout.write(`network     local\nfile        ${file}\n`);
    process.stderr.write(`busker network: ${error.message}\n`);
    return 1;
  }
}

export const networkCommand: CliCommand = {
  synopsis: 'network [local|custom]',
  summary: 'Show or choose the network the commands use (the local one, or any EVM RPC)',
  help: `Usage: busker network [--data <dir>]
       busker network local [--data <dir>]
       busker network custom --rpc-url <url> --factory <address> --key-server <url> [--data <dir>]

The network the commands (catalogue, unlock, wallet, artist, publish) use when no
--network <file> is given. It is saved in market-settings.json in the data folder, so the
app's Settings show and change the same choice.

  busker network          Show the network in use: the local network (its network file:
                          $BUSKER_NETWORK_FILE, else network.json in the data folder,
                          written by \`busker devnet\`) or the custom one
  busker network local    Go back to the local network
  busker network custom   Use another EVM network: checks that the RPC answers, that the
                          factory address holds a contract there, and that the key server
                          serves that chain and factory; nothing is saved otherwise

Exit status: 0 done, 1 failed (the reason is printed), 2 wrong usage.

Options:
  --rpc-url <url>        The network's Ethereum JSON-RPC address (http or https)
  --factory <address>    The Busker artist factory contract on that network
  --key-server <url>     The network's Busker key server
${dataOptionHelp}
  -h, --help             Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      data: { type: 'string' },
      'rpc-url': { type: 'string' },
      factory: { type: 'string' },
      'key-server': { type: 'string' },
    });
    const [name = 'show', ...rest] = positionals;
    const action = actions.find((candidate) => candidate === name);
    if (!action) throw new UsageError(`unknown network action "${printable(name)}"; use local or custom.`);
    if (rest.length > 0) {
      throw new UsageError(
        `\`busker network ${action}\` takes no further arguments (got "${printable(rest[0] ?? '')}").`,
      );
    }
    if (action !== 'custom') {
      const given = customOptions.find((option) => values[option as keyof typeof values] !== undefined);
      if (given) throw new UsageError(`--${given} only applies to \`busker network custom\`.`);
    }
    const dataDir = resolveDataDir(values.data);
    if (action === 'show') return showNetwork(dataDir);

    const settings = await readMarketSettings(dataDir, (message) => process.stderr.write(`${message}\n`));
    if (action === 'local') {
      await writeMarketSettings(dataDir, { ...settings, network: null });
      process.stdout.write(
        `The commands and the app now use the local network (${defaultNetworkFilePath(dataDir)}).\n`,
      );
      return 0;
    }

    const missing = customOptions.filter((option) => values[option as keyof typeof values] === undefined);
    if (missing.length > 0) {
      throw new UsageError(`Give ${missing.map((option) => `--${option}`).join(', ')} for a custom network.`);
    }
    const rpcUrl = httpUrl(values['rpc-url'] ?? '', 'rpc-url');
    const keyServerUrl = httpUrl(values['key-server'] ?? '', 'key-server');
    const factory = values.factory ?? '';
    if (!isAddress(factory)) {
      throw new UsageError(`--factory must be a 0x-prefixed 20-byte address (got "${printable(factory)}").`);
    }
    process.stderr.write(`Checking ${rpcUrl}, the factory and the key server…\n`);
    const network = await validateCustomNetwork({ rpcUrl, factory, keyServerUrl });
    await writeMarketSettings(dataDir, { ...settings, network });
    process.stdout.write(`Saved. The commands and the app now use this network:\n${describeCustom(network)}`);
    return 0;
  },
};
