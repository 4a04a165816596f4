import { CONTENT_DIRECTORY_NAME } from '../../core/app/appContentStore';
import type { CatalogueListing } from '../../core/listen/catalogueListing';
import type { CliCommand } from '../cliCommand';
import { dataOptionHelp, parseCommandArgs, printable, resolveDataDir, UsageError } from '../cliCommand';
import { ipfsApiOptionHelp, resolveIpfsApi } from '../ipfsApiOption';
import { loadCommandNetwork, networkOptionHelp } from '../networkOption';

/** Where the embedded IPFS node keeps its blocks, inside the data folder. */
export const contentDirectoryName = CONTENT_DIRECTORY_NAME;

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 15_000;
  const seconds = /^\d{1,3}(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0 && seconds <= 600))
    throw new UsageError('--timeout must be a number of seconds from 0.1 to 600.');
  return Math.round(seconds * 1000);
}

function formatListing(listing: CatalogueListing, formatEther: (wei: bigint) => string): string {
  if (listing.tracks.length === 0 && listing.leftOut.length === 0) return 'The catalogue is empty.\n';
  const rows = listing.tracks.map((track) => [
    `${track.artist}:${track.trackId}`,
    printable(track.title),
    printable(track.artistName),
    `${formatEther(track.price)} ETH`,
    track.unlocked ? 'unlocked' : track.retired ? 'retired' : 'locked',
  ]);
  const header = ['TRACK', 'TITLE', 'ARTIST', 'PRICE', 'STATUS'];
  const widths = header.map((title, column) =>
    Math.min(
      column === 0 ? 60 : 40,
      Math.max(title.length, ...rows.map((row) => Array.from(row[column] ?? '').length)),
    ),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const chars = Array.from(cell);
        const width = widths[column] ?? 10;
        const fitted = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : cell;
        return fitted.padEnd(width + (fitted.length - Array.from(fitted).length));
      })
      .join('  ')
      .trimEnd();
  let text = rows.length > 0 ? [line(header), ...rows.map(line)].join('\n') + '\n' : '';
  if (listing.leftOut.length > 0) {
    text += `\nNot listed (${listing.leftOut.length}):\n`;
    for (const skipped of listing.leftOut) {
      text += `  ${skipped.artist}:${skipped.trackId}  ${printable(skipped.reason)}\n`;
    }
  }
  return text;
}

export const catalogueCommand: CliCommand = {
  synopsis: 'catalogue',
  summary: 'Sync the on-chain catalogue and list its tracks, prices and what you unlocked',
  help: `Usage: busker catalogue [--json] [--peer <multiaddr>]… [--timeout <s>] [--ipfs-api <url>] [--data <dir>] [--network <file>]

Reads new artists and tracks from the chain, fetches their metadata from IPFS
(tracks whose metadata is missing or invalid are listed apart, with the reason),
and lists every track with its price and whether you have unlocked it.

Options:
  --json             Print { tracks, leftOut } as JSON (prices in wei, as strings)
  --peer <multiaddr> Dial this IPFS peer first (e.g. the artist's); may be repeated
  --timeout <s>      How long to wait for one track's metadata (default 15)
${ipfsApiOptionHelp}
${dataOptionHelp}
${networkOptionHelp}
  -h, --help         Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      peer: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      data: { type: 'string' },
      network: { type: 'string' },
      'ipfs-api': { type: 'string' },
    });
    if (positionals.length > 0)
      throw new UsageError(`Unexpected argument "${printable(positionals[0] ?? '')}".`);
    const timeoutMs = parseTimeout(values.timeout);
    const ipfsApi = resolveIpfsApi(values['ipfs-api']);
    const dataDir = resolveDataDir(values.data);
    const network = await loadCommandNetwork(values.network, dataDir);
    // The chain and IPFS stacks load here, when there is work: not for `--help`.
    const [
      { formatEther },
      { openAppContentStore },
      { openMetadataSync },
      { listCatalogue },
      { openListenerSession },
    ] = await Promise.all([
      import('ethers'),
      import('../../core/app/appContentStore'),
      import('../../core/app/marketRuntime'),
      import('../../core/listen/catalogueListing'),
      import('../../core/listen/listenerSession'),
    ]);

    const session = await openListenerSession({ dataDir, network });
    try {
      const content = await openAppContentStore({
        dataDir,
        ...(ipfsApi ? { ipfsApi } : {}),
        network: { seeds: network.seeds ?? [], publicIpfs: network.publicIpfs ?? false },
      });
      try {
        for (const peer of values.peer ?? []) {
          await content
            .connectPeer(peer, { signal: AbortSignal.timeout(timeoutMs) })
            .catch((error: unknown) => {
              process.stderr.write(
                `Could not reach the peer ${printable(peer)}: ${(error as Error).message}\n`,
              );
            });
        }
        process.stderr.write(`Reading the catalogue from ${network.rpcUrl}…\n`);
        const chain = await session.catalogueSync.sync();
        process.stderr.write(
          `Up to block ${chain.toBlock}: ${session.catalogueStore.countTracks()} tracks on chain. Fetching metadata…\n`,
        );
        const metadataSync = openMetadataSync(session, content, { chainId: network.chainId, timeoutMs });
        await metadataSync.sync();
        const listing = listCatalogue({
          db: session.libraryDb,
          catalogue: session.catalogueStore,
          chainId: network.chainId,
          unlocked: session.unlocked,
          fetches: metadataSync.list(),
        });
        if (values.json) {
          const json = {
            tracks: listing.tracks.map((track) => ({ ...track, price: track.price.toString() })),
            leftOut: listing.leftOut,
          };
          process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        } else {
          process.stdout.write(formatListing(listing, formatEther));
        }
        return 0;
      } finally {
        await content.close();
      }
    } finally {
      session.close();
    }
  },
};
