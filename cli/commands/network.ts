import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JoinedNetwork } from '../../core/app/joinNetwork';
import type { CustomNetwork } from '../../core/app/marketSettings';
import { defaultNetworkFilePath } from '../../protocol/networkFilePath';
import type { CliCommand } from '../cliCommand';
import { dataOptionHelp, parseCommandArgs, printable, resolveDataDir, UsageError } from '../cliCommand';

/** What the actions use (ethers, zod, the chain client): loaded when one runs, not for `--help`. */
async function loadNetworkStack() {
  const [{ isAddress }, settings, { validateCustomNetwork }, networkFile, join, { AppError }] =
    await Promise.all([
      import('ethers'),
      import('../../core/app/marketSettings'),
      import('../../core/app/networkValidation'),
      import('../../protocol/networkFile'),
      import('../../core/app/joinNetwork'),
      import('../../core/errors'),
    ]);
  return { isAddress, ...settings, validateCustomNetwork, ...networkFile, ...join, AppError };
}

const actions = ['show', 'local', 'custom', 'join'] as const;

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
    (network.description ? `network     ${printable(network.description.name)}\n` : 'network     custom\n') +
    `rpc         ${network.rpcUrl}\n` +
    `chain       ${network.chainId}\n` +
    `factory     ${network.factory}\n` +
    `key server  ${network.keyServerUrl}\n`
  );
}

function describeJoined(joined: JoinedNetwork): string {
  return (
    `network     ${printable(joined.name)}\n` +
    `chain       ${joined.chainId}\n` +
    `factory     ${joined.factory}\n` +
    `key server  ${joined.keyServerUrl}\n` +
    `rpc         ${joined.rpcUrl}\n` +
    `seeds       ${joined.seeds}\n`
  );
}

/** A path (./net.json, /etc/busker.json, an existing file) is a description file; anything else an address. */
function isFileArgument(text: string): boolean {
  return /^[./~]/.test(text) || /\.json$/i.test(text) || existsSync(text);
}

async function joinFrom(source: string): Promise<JoinedNetwork> {
  const {
    keyServerAddress,
    joinNetwork,
    readNetworkDescriptionFile,
    NetworkFileError,
    AppError,
    checkNetworkDescription,
  } = await loadNetworkStack();
  if (!isFileArgument(source)) {
    const address = keyServerAddress(source);
    process.stderr.write(`Asking ${address} for its network description…\n`);
    return joinNetwork(address);
  }
  const file = resolve(source);
  let description;
  try {
    description = await readNetworkDescriptionFile(file);
  } catch (error) {
    if (error instanceof NetworkFileError) throw new AppError('NETWORK_INVALID', error.message);
    throw error;
  }
  if (description.keyServer === undefined) {
    throw new AppError(
      'NETWORK_INVALID',
      `The network file ${file} names no key server, so it cannot be joined. Join by the key server's address instead.`,
    );
  }
  process.stderr.write(`Checking the network described in ${file}…\n`);
  return checkNetworkDescription(description, description.keyServer, file);
}

async function showNetwork(dataDir: string): Promise<number> {
  const { readMarketSettings, readNetworkFile, NetworkFileError } = await loadNetworkStack();
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
  synopsis: 'network [local|custom|join]',
  summary: 'Show or choose the network the commands use (the local one, or any EVM RPC)',
  help: `Usage: busker network [--data <dir>]
       busker network local [--data <dir>]
       busker network custom --rpc-url <url> --factory <address> --key-server <url> [--data <dir>]
       busker network join <key server address | network file> [--data <dir>]

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
  busker network join     Join a network by its key server's address (https://…, or
                          host:port): fetches the network description it serves, checks
                          it against the key server and the chain, prints what it found
                          and saves it. A network file (./network.json) works too.

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
    if (!action)
      throw new UsageError(`unknown network action "${printable(name)}"; use local, custom or join.`);
    if (action === 'join' && rest.length !== 1) {
      throw new UsageError(
        "Give the key server's address (or a network file): `busker network join <address>`.",
      );
    }
    if (action !== 'join' && rest.length > 0) {
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
    const { saveJoinedNetwork, readMarketSettings, writeMarketSettings, isAddress, validateCustomNetwork } =
      await loadNetworkStack();
    if (action === 'join') {
      const joined = await joinFrom(rest[0] ?? '');
      await saveJoinedNetwork(dataDir, joined);
      process.stdout.write(
        `${describeJoined(joined)}Saved. The commands and the app now use this network.\n`,
      );
      return 0;
    }

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
