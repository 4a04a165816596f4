import type { NetworkFile } from '../../protocol/networkFile';
import { PublishError } from '../../core/publish/publishError';
import type { PublishJob } from '../../core/publish/publishJobStore';
import type { PublishProgress } from '../../core/publish/publisher';
import { PRIVATE_KEY_FILE_VARIABLE, WALLET_PASSPHRASE_VARIABLE } from '../../core/wallet/walletVariables';
import type { CliCommand } from '../cliCommand';
import { UsageError, dataOptionHelp, parseCommandArgs, printable, resolveDataDir } from '../cliCommand';
import { becomeArtistWay, keyServerWay, withCommandLineWay } from '../commandLineWay';
import { ipfsApiOptionHelp, resolveIpfsApi } from '../ipfsApiOption';
import { loadCommandNetwork, networkOptionHelp } from '../networkOption';

export const publishCommand: CliCommand = {
  synopsis: 'publish <files…> --price <eth>',
  summary: 'Encrypt audio files and put them on sale as your tracks',
  help: `Usage: busker publish <files…> --price <eth>

Publishes each audio file as a track of your artist contract, for a tip of at least
<eth> (e.g. 0.01): encrypts it, adds it and its details to IPFS (the ipfs folder in the
data folder, or the Kubo node --ipfs-api names), publishes it on chain, and deposits its key
with the key server.
Each step is saved before the next: if publishing stops (a crash, Ctrl-C, the network or the
key server down), run \`busker publish\` again (with or without files) to finish the
unfinished tracks. A track is never published twice, and a file whose audio you published
already is refused (it says which track it is) unless --again asks for a second copy.

Files that are not audio (by their bytes), empty, or over 2 GiB are refused.
The wallet is the data folder's (\`busker wallet\`), unlocked with ${WALLET_PASSPHRASE_VARIABLE},
or the 0x private key in the file ${PRIVATE_KEY_FILE_VARIABLE} names; create your artist first with \`busker artist create <name>\`.

Pinning token: a seed that requires one gets the token saved for the network in the app's
Settings (Pinning token) of this data folder, read from the folder's vault, which
${WALLET_PASSPHRASE_VARIABLE} opens (as in \`busker serve\`). With only ${PRIVATE_KEY_FILE_VARIABLE}, no
token is sent and such a seed leaves the track waiting. The desktop app seals its data folder's
wallet and vault with the system keychain (safeStorage), which this command cannot open: publish
from the desktop app, or give the command a data folder of its own (\`busker wallet import
--data <folder>\`, the token saved in \`busker serve --data <folder>\`, Settings).

Exit status: 0 when every track is done, 1 when one failed or still waits, 2 for wrong usage.

Options:
  --price <eth>     The lowest tip for each track, in ETH (required with files)
  --again           Publish a second copy of audio you published already
${networkOptionHelp}
${ipfsApiOptionHelp}
${dataOptionHelp}
  -h, --help        Show this help
`,
  async run(args) {
    const { values, positionals: files } = parseCommandArgs(args, {
      price: { type: 'string' },
      again: { type: 'boolean' },
      network: { type: 'string' },
      data: { type: 'string' },
      'ipfs-api': { type: 'string' },
    });
    if (files.length > 0 && values.price === undefined) throw new UsageError('Give a price: --price <eth>.');
    const price = values.price === undefined ? 0n : await parsePrice(values.price);
    const dataDir = resolveDataDir(values.data);
    const ipfsApi = resolveIpfsApi(values['ipfs-api']);
    const network = await loadCommandNetwork(values.network, dataDir);
    try {
      return await publishFiles(files, price, { dataDir, network, ipfsApi, again: values.again === true });
    } catch (error) {
      if (error instanceof PublishError) {
        process.stderr.write(`busker publish: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};

async function parsePrice(text: string): Promise<bigint> {
  const { parseEther } = await import('ethers');
  let wei: bigint;
  try {
    wei = parseEther(text.trim());
  } catch {
    throw new UsageError(`"${printable(text)}" is not a price in ETH (for example 0.01).`);
  }
  if (wei < 0n) throw new UsageError('A price cannot be negative.');
  return wei;
}

async function publishFiles(
  files: string[],
  price: bigint,
  {
    dataDir,
    network: chosen,
    ipfsApi,
    again,
  }: { dataDir: string; network: NetworkFile; ipfsApi: string | undefined; again: boolean },
): Promise<number> {
  // The chain, IPFS and publishing stacks load here, when there is work: not for `--help`.
  const [
    { formatEther },
    { openAppContentStore },
    { networkKeyServer },
    { openArtistSession },
    { commandLineWallet },
    { findArtistContract },
    { openPublishDatabase, publishDatabasePath },
    { PublishJobStore },
    { enqueueFiles, openArtistPublisher, requirePublishing },
    { commandLineSessionKeys },
    { pinningNetworkKey, readPinningToken },
  ] = await Promise.all([
    import('ethers'),
    import('../../core/app/appContentStore'),
    import('../../core/unlock/keyServerClient'),
    import('../../core/publish/artistSession'),
    import('../../core/wallet/commandLineWallet'),
    import('../../core/publish/becomeArtist'),
    import('../../core/publish/publishDatabase'),
    import('../../core/publish/publishJobStore'),
    import('../../core/app/services/artistPublisher'),
    import('../../core/app/services/commandLineKeys'),
    import('../../core/app/pinningTokens'),
  ]);
  const session = await openArtistSession(chosen, await commandLineWallet(process.env, dataDir));
  const db = openPublishDatabase(publishDatabasePath(dataDir));
  try {
    const { network, provider, wallet } = session;
    const account = await findArtistContract(provider, network.factory, wallet.address, network.factoryBlock);
    const ways = { NOT_AN_ARTIST: becomeArtistWay, UNAVAILABLE: keyServerWay };
    const { artist, keyServer } = withCommandLineWay(ways, () =>
      requirePublishing(account, networkKeyServer(network)),
    );
    // The app's keys for this data folder, when the passphrase opens them: its saved pinning
    // token and the jobs it wrapped under its old key.
    const keys = await commandLineSessionKeys(process.env, dataDir);
    const pinningToken = keys && (await readPinningToken(dataDir, keys.vaultKey, pinningNetworkKey(network)));
    const contentStore = await openAppContentStore({
      dataDir,
      ...(ipfsApi ? { ipfsApi } : {}),
      network: { seeds: chosen.seeds ?? [], publicIpfs: chosen.publicIpfs ?? false },
    });
    try {
      const { publisher } = openArtistPublisher({
        store: new PublishJobStore(db),
        contentStore,
        provider,
        wallet,
        network: { chainId: network.chainId, ...(chosen.seeds ? { seeds: chosen.seeds } : {}) },
        artist: artist.artist,
        keyServer,
        ...(keys ? { legacyWrappingKey: keys.legacyPublishWrappingKey } : {}),
        ...(pinningToken ? { pinningToken } : {}),
        onProgress: writeProgress,
      });
      const unfinished = publisher.jobs().filter((job) => job.state !== 'done' && job.state !== 'failed');
      if (unfinished.length > 0)
        process.stderr.write(`Finishing ${unfinished.length} unfinished track(s) first.\n`);
      const { refused } = await enqueueFiles(publisher, files, price, again);
      for (const { path, error } of refused) {
        process.stdout.write(`refused  ${printable(path)}: ${printable(error.message)}\n`);
      }
      const results = await publisher.resume();
      for (const job of results) process.stdout.write(`${describeResult(job, formatEther)}\n`);
      return refused.length === 0 && results.every((job) => job.state === 'done') ? 0 : 1;
    } finally {
      await contentStore.close();
    }
  } finally {
    db.close();
    session.close();
  }
}

function describeResult(job: PublishJob, formatEther: (wei: bigint) => string): string {
  const file = printable(job.sourcePath);
  if (job.state === 'done') {
    const seeds = job.seedsStored
      ? `, stored on ${job.seedsStored} seed${job.seedsStored === 1 ? '' : 's'}`
      : '';
    return `done     ${file}: track ${job.trackId} of ${job.artist}, ${formatEther(job.price)} ETH${seeds}`;
  }
  if (job.state === 'failed') return `failed   ${file}: ${printable(job.failureReason ?? 'unknown reason')}`;
  return `waiting  ${file} (${job.state}): ${printable(job.lastError ?? '')} Run \`busker publish\` again to finish it.`;
}

const activityWords: Record<PublishProgress['activity'], string> = {
  encrypting: 'encrypting into IPFS',
  'adding-metadata': 'adding its details to IPFS',
  sending: 'sending the publish transaction',
  confirming: 'waiting for the transaction to be mined',
  'depositing-key': 'depositing the key with the key server',
  'storing-on-seeds': "storing on the network's seeds",
  finishing: 'cleaning up',
  waiting: 'waiting',
  stopped: 'stopped',
};

function writeProgress(progress: PublishProgress): void {
  if (progress.activity === 'stopped') return;
  const bytes =
    progress.bytesTotal !== undefined && progress.bytesDone !== undefined
      ? ` ${Math.floor((100 * progress.bytesDone) / Math.max(1, progress.bytesTotal))}%`
      : '';
  // Byte progress only at its ends, so a log stays short.
  if (bytes && progress.bytesDone !== 0 && progress.bytesDone !== progress.bytesTotal) return;
  const message = progress.message ? `: ${printable(progress.message)}` : '';
  process.stderr.write(
    `${printable(progress.sourcePath)}: ${activityWords[progress.activity]}${bytes}${message}\n`,
  );
}
