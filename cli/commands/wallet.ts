import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { NetworkFile } from '../../protocol/networkFile';
import { AppError } from '../../core/errors';
import { developmentChainId } from '../../core/wallet/developmentChain';
import { WalletError } from '../../core/wallet/walletError';
import { WALLET_PASSPHRASE_VARIABLE } from '../../core/wallet/walletVariables';
import type { WalletStore } from '../../core/wallet/walletStore';
import type { CliCommand } from '../cliCommand';
import { dataOptionHelp, parseCommandArgs, printable, resolveDataDir, UsageError } from '../cliCommand';
import { loadCommandNetwork } from '../networkOption';

const actions = ['show', 'create', 'import', 'use-dev-account'] as const;
type Action = (typeof actions)[number];

/** Which options each action takes; any other given option is a usage error. */
const optionsOf: Record<Action, readonly string[]> = {
  show: ['data', 'network'],
  create: ['data', 'replace'],
  import: ['data', 'replace', 'mnemonic-file', 'private-key-file'],
  'use-dev-account': ['data', 'network', 'replace'],
};

/** A failure already explained to the user: the command prints it and exits with 1. */
class WalletCommandFailure extends Error {}

const help = `Usage: busker wallet [--data <dir>] [--network <file>]
       busker wallet create [--replace] [--data <dir>]
       busker wallet import --mnemonic-file <file> [--replace] [--data <dir>]
       busker wallet import --private-key-file <file> [--replace] [--data <dir>]
       busker wallet use-dev-account <n> [--replace] [--data <dir>] [--network <file>]

The wallet that tips artists: one account, kept encrypted in wallet.json in the data folder.

  busker wallet                 Show the address, its balance and the network
  busker wallet create          Make a new wallet and print its recovery phrase once:
                                write it down, it is the only way back into the wallet
  busker wallet import          Take an existing wallet from a file holding its recovery
                                phrase (--mnemonic-file) or its 0x private key
                                (--private-key-file). Secrets are never taken on the
                                command line, where shell history and \`ps\` would keep them.
  busker wallet use-dev-account <n>
                                Use the local network's development account n (0-9).
                                Their keys are public: only on the local network (chain ${developmentChainId}).

The passphrase that encrypts the wallet comes from the environment variable
${WALLET_PASSPHRASE_VARIABLE} when it is set; otherwise it is asked for: typed hidden at a
terminal (twice for a new wallet), or read as the first line of standard input
when that is a pipe. Showing the wallet needs no passphrase.

Options:
  --replace          Overwrite the wallet that is already there (its funds are lost
                     unless its recovery phrase or key is written down)
  --network <file>   The network file (default: the network chosen with \`busker network\`
                     or in the app's settings, else $BUSKER_NETWORK_FILE or
                     network.json in the data folder)
${dataOptionHelp}
  -h, --help         Show this help
`;

export const walletCommand: CliCommand = {
  synopsis: 'wallet [<action>]',
  summary: 'Show, create or import the wallet that tips artists',
  help,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      data: { type: 'string' },
      network: { type: 'string' },
      replace: { type: 'boolean' },
      'mnemonic-file': { type: 'string' },
      'private-key-file': { type: 'string' },
    });
    const [name = 'show', ...rest] = positionals;
    const action = actions.find((candidate) => candidate === name);
    if (!action) {
      throw new UsageError(
        `unknown wallet action "${printable(name)}"; use create, import or use-dev-account.`,
      );
    }
    for (const [option, value] of Object.entries(values)) {
      if (value !== undefined && !optionsOf[action].includes(option)) {
        throw new UsageError(`--${option} does not apply to \`busker wallet ${action}\`.`);
      }
    }
    if (action !== 'use-dev-account' && rest.length > 0) {
      throw new UsageError(
        `\`busker wallet ${action}\` takes no further arguments (got "${printable(rest[0] ?? '')}").`,
      );
    }
    const dataDir = resolveDataDir(values.data);
    const { WalletStore } = await import('../../core/wallet/walletStore');
    const store = new WalletStore(dataDir);
    const loadNetwork = () => loadCommandNetwork(values.network, dataDir);
    const replace = values.replace === true;
    try {
      switch (action) {
        case 'show':
          return await showWallet(store, loadNetwork);
        case 'create':
          return await createWallet(store, replace);
        case 'import':
          return await importWallet(store, values['mnemonic-file'], values['private-key-file'], replace);
        case 'use-dev-account':
          return await useDevelopmentAccount(store, rest, loadNetwork, replace);
      }
    } catch (error) {
      if (error instanceof WalletError || error instanceof WalletCommandFailure) {
        process.stderr.write(`busker wallet: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};

function noWallet(store: WalletStore): WalletCommandFailure {
  return new WalletCommandFailure(
    `There is no wallet at ${store.file}. Make one with \`busker wallet create\`, or bring one with ` +
      '`busker wallet import`.',
  );
}

async function showWallet(store: WalletStore, loadNetwork: () => Promise<NetworkFile>): Promise<number> {
  if (!(await store.exists())) throw noWallet(store);
  const address = await store.address();
  let network: NetworkFile;
  try {
    network = await loadNetwork();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stdout.write(`address  ${address}\n`);
    process.stderr.write(`No balance: ${error.message}\n`);
    return 1;
  }
  const [{ formatEther }, { createProvider }, { walletSummary }] = await Promise.all([
    import('ethers'),
    import('../../protocol/rpcProvider'),
    import('../../core/wallet/walletSummary'),
  ]);
  const provider = createProvider(network.rpcUrl, { chainId: network.chainId });
  try {
    const summary = await walletSummary(provider, address).catch((error: unknown) => {
      throw new WalletCommandFailure(
        `The node at ${network.rpcUrl} did not answer (${error instanceof Error ? error.message.split('\n')[0] : String(error)}). ` +
          'Is the network running? Start a local one with `npm run devnet`.',
      );
    });
    process.stdout.write(
      `address  ${summary.address}\n` +
        `balance  ${formatEther(summary.balanceWei)} ETH\n` +
        `network  ${summary.networkName} (chain ${summary.chainId}) at ${network.rpcUrl}\n`,
    );
    if (summary.chainId === developmentChainId && summary.balanceWei === 0n) {
      process.stdout.write(
        'This wallet is empty: `busker wallet use-dev-account 0` uses a funded development account.\n',
      );
    }
    return 0;
  } finally {
    provider.destroy();
  }
}

async function createWallet(store: WalletStore, replace: boolean): Promise<number> {
  await refuseToOverwrite(store, replace);
  const secret = await readPassphrase('new');
  const { address } = await store.create(secret, { replace });
  const phrase = await store.revealMnemonic(secret);
  process.stdout.write(
    `Created a wallet at ${store.file}\n` +
      `address  ${address}\n\n` +
      'Recovery phrase (shown this once): write it down on paper and keep it somewhere safe.\n' +
      'Anyone who has it controls the wallet; without it, a lost passphrase or file loses the funds.\n\n' +
      `    ${phrase}\n\n`,
  );
  return 0;
}

async function importWallet(
  store: WalletStore,
  mnemonicFile: string | undefined,
  privateKeyFile: string | undefined,
  replace: boolean,
): Promise<number> {
  if ((mnemonicFile === undefined) === (privateKeyFile === undefined)) {
    throw new UsageError('Give exactly one of --mnemonic-file <file> or --private-key-file <file>.');
  }
  const file = resolve(mnemonicFile ?? privateKeyFile ?? '');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new WalletCommandFailure(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
  await refuseToOverwrite(store, replace);
  const secret = await readPassphrase('new');
  const { address } =
    mnemonicFile !== undefined
      ? await store.importMnemonic(text, secret, { replace })
      : await store.importPrivateKey(text, secret, { replace });
  process.stdout.write(
    `Imported a wallet to ${store.file}\naddress  ${address}\n` +
      `You may now delete ${file}: the wallet keeps its own encrypted copy.\n`,
  );
  return 0;
}

async function useDevelopmentAccount(
  store: WalletStore,
  positionals: string[],
  loadNetwork: () => Promise<NetworkFile>,
  replace: boolean,
): Promise<number> {
  const [text, ...extra] = positionals;
  if (text === undefined) throw new UsageError('Which development account? Give a number from 0 to 9.');
  if (extra.length > 0)
    throw new UsageError(`use-dev-account takes one number (got "${printable(extra[0] ?? '')}" too).`);
  const index = /^\d$/.test(text) ? Number(text) : NaN;
  if (!(index >= 0 && index <= 9)) throw new UsageError('The development account is a number from 0 to 9.');

  const network = await loadNetwork();
  const { developmentAccounts } = await import('../../core/wallet/developmentAccounts');
  const account = developmentAccounts(network.chainId)[index];
  if (!account) {
    throw new WalletError(
      'NOT_A_DEVELOPMENT_NETWORK',
      `The network (${network.rpcUrl}) is chain ${network.chainId}, not the local development network ` +
        `(chain ${developmentChainId}). Development accounts have public keys and exist only there.`,
    );
  }
  await refuseToOverwrite(store, replace);
  const secret = await readPassphrase('new');
  const { address } = await store.importPrivateKey(account.privateKey, secret, { replace });
  process.stdout.write(
    `Using development account ${index} at ${store.file}\naddress  ${address}\n` +
      'Its key is public: use this wallet on the local network only.\n',
  );
  return 0;
}

/** Checked before asking for a passphrase, so nobody types one for nothing. */
async function refuseToOverwrite(store: WalletStore, replace: boolean): Promise<void> {
  if (!replace && (await store.exists())) {
    throw new WalletCommandFailure(
      `There is already a wallet at ${store.file}. To replace it, add --replace; its funds are lost ` +
        'unless its recovery phrase or private key is written down.',
    );
  }
}

/** The passphrase: from the environment, else typed at the terminal, else a line of piped stdin. */
async function readPassphrase(purpose: 'new' | 'unlock'): Promise<string> {
  const fromEnvironment = process.env[WALLET_PASSPHRASE_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  if (!process.stdin.isTTY) {
    const line = await readFirstLine();
    if (line === undefined || line === '') {
      throw new WalletCommandFailure(
        `No passphrase: set ${WALLET_PASSPHRASE_VARIABLE}, pipe the passphrase in on standard input, or run this at a terminal.`,
      );
    }
    return line;
  }
  const first = await askHidden(
    purpose === 'new' ? 'Choose a passphrase for the wallet: ' : 'Wallet passphrase: ',
  );
  if (first === '')
    throw new WalletCommandFailure('The passphrase is empty: choose one to protect the wallet.');
  if (purpose === 'new' && (await askHidden('Type it again: ')) !== first) {
    throw new WalletCommandFailure('The two passphrases differ. Nothing was changed; try again.');
  }
  return first;
}

async function readFirstLine(): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
    return undefined;
  } finally {
    lines.close();
  }
}

/** Reads a line at the terminal without echoing it. Ctrl+C or Ctrl+D on an empty line cancels. */
function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  return new Promise((resolveAnswer, reject) => {
    let answer: string[] = [];
    const finish = (cancelled: boolean): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (cancelled) reject(new WalletCommandFailure('Cancelled. Nothing was changed.'));
      else resolveAnswer(answer.join(''));
    };
    const onData = (chunk: string): void => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish(false);
        if (character === '\u0003' || (character === '\u0004' && answer.length === 0)) return finish(true);
        if (character === '\u007f' || character === '\b') answer = answer.slice(0, -1);
        else if (character >= ' ') answer.push(character);
      }
    };
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
