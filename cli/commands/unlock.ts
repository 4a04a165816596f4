import { AppError } from '../../core/errors';
import { PRIVATE_KEY_FILE_VARIABLE, WALLET_PASSPHRASE_VARIABLE } from '../../core/wallet/walletVariables';
import { missingCase } from '../../base/missingCase';
import type { UnlockProgress } from '../../core/listen/unlockJob';
import type { CliCommand } from '../cliCommand';
import { dataOptionHelp, parseCommandArgs, printable, resolveDataDir, UsageError } from '../cliCommand';
import { keyServerWay, withCommandLineWay } from '../commandLineWay';
import { loadCommandNetwork, networkOptionHelp } from '../networkOption';

function parseTrack(text: string | undefined): { artist: string; trackId: number } {
  const match = /^(0x[0-9a-fA-F]{40}):(\d{1,15})$/.exec(text ?? '');
  if (!match?.[1] || !match[2]) {
    throw new UsageError(
      'Name the track as <artist contract>:<track number>, e.g. 0x5FbD…0aa3:0 (see `busker catalogue`).',
    );
  }
  return { artist: match[1], trackId: Number(match[2]) };
}

async function parseAmount(text: string | undefined): Promise<bigint | undefined> {
  if (text === undefined) return undefined;
  const { parseEther } = await import('ethers');
  try {
    if (!/^\d+(\.\d+)?$/.test(text)) throw new Error('not a number');
    return parseEther(text);
  } catch {
    throw new UsageError('--amount must be an amount of ETH, like 0.01.');
  }
}

/** One line per step on stderr; confirmations only when the count changes. */
function progressPrinter(): (progress: UnlockProgress) => void {
  let last = '';
  return (progress) => {
    let line: string;
    switch (progress.state) {
      case 'tipping':
        line = 'Tipping the artist…';
        break;
      case 'tipSent':
        line = `Tip sent: ${progress.tipHash ?? ''}`;
        break;
      case 'confirming':
        line = progress.confirmations
          ? `Confirming ${progress.confirmations.seen}/${progress.confirmations.needed}…`
          : 'Confirming…';
        break;
      case 'fetchingKey':
        line = progress.waitingFor
          ? `Waiting for the key: ${printable(progress.waitingFor)}`
          : 'Fetching the key…';
        break;
      case 'ready':
        line = 'Ready: the key is checked and in your vault.';
        break;
      case 'failed':
        line = `Failed: ${printable(progress.failureReason ?? 'the unlock failed')}`;
        break;
      default:
        missingCase(progress.state);
    }
    if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
  };
}

export const unlockCommand: CliCommand = {
  synopsis: 'unlock <artist>:<track>',
  summary: 'Tip for a track (when needed), wait for confirmations and fetch its key',
  help: `Usage: busker unlock <artist>:<track> [--amount <eth>] [--data <dir>] [--network <file>]

Tips the artist for one track (unless you already have access), waits until the
key server counts the tip as confirmed, fetches the track's key, checks it
against the on-chain commitment and keeps it in your vault. Interrupted, it
continues where it stopped when run again, and never tips twice.

The wallet is the data folder's (\`busker wallet\`), unlocked with ${WALLET_PASSPHRASE_VARIABLE},
or the 0x private key in the file ${PRIVATE_KEY_FILE_VARIABLE} names. The key is kept in
the data folder's vault, which ${WALLET_PASSPHRASE_VARIABLE} opens too (as in \`busker serve\`):
set it also when ${PRIVATE_KEY_FILE_VARIABLE} signs.

Options:
  --amount <eth>     Tip this much (default: the track's price)
${dataOptionHelp}
${networkOptionHelp}
  -h, --help         Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      amount: { type: 'string' },
      data: { type: 'string' },
      network: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('Name one track: busker unlock <artist>:<track>.');
    const track = parseTrack(positionals[0]);
    const amount = await parseAmount(values.amount);
    const dataDir = resolveDataDir(values.data);
    const network = await loadCommandNetwork(values.network, dataDir);
    // The chain and unlock stacks load here, when there is work: not for `--help`.
    const [
      { isError },
      { TipError },
      { oldVaultVariableNotice, vaultKeyFromEnvironment },
      { commandLineWallet },
      { openListenerSession },
      { requireUnlockJobs },
    ] = await Promise.all([
      import('ethers'),
      import('../../core/chain/tipSender'),
      import('../../core/listen/headlessSecrets'),
      import('../../core/wallet/commandLineWallet'),
      import('../../core/listen/listenerSession'),
      import('../../core/app/marketRuntime'),
    ]);
    const notice = oldVaultVariableNotice(process.env);
    if (notice) process.stderr.write(`busker unlock: ${notice}\n`);
    const vaultKey = await vaultKeyFromEnvironment(process.env, dataDir);
    const wallet = (await commandLineWallet(process.env, dataDir)).privateKey;

    const session = await openListenerSession({ dataDir, network, vaultKey, wallet });
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const jobs = withCommandLineWay({ UNAVAILABLE: keyServerWay }, () => requireUnlockJobs(session));
      const job = await jobs.unlock(track, {
        ...(amount === undefined ? {} : { amount }),
        signal: stop.signal,
        onProgress: progressPrinter(),
      });
      if (job.state === 'ready') {
        process.stdout.write(`Unlocked ${track.artist}:${track.trackId}.\n`);
        return 0;
      }
      return 1;
    } catch (error) {
      if (stop.signal.aborted || isError(error, 'CANCELLED') || (error as Error).name === 'AbortError') {
        process.stderr.write(
          'Stopped. Anything already paid is recorded; run the same command to continue.\n',
        );
        return 1;
      }
      if (error instanceof TipError) throw new AppError('UNAVAILABLE', error.message);
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      session.close();
    }
  },
};
