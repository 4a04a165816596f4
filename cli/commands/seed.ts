import { join, resolve } from 'node:path';
import { defaultDataDir } from '../../base/dataDir';
import { defaultNetworkFilePath } from '../../protocol/networkFilePath';
import { seedListenDefaults } from '../../seed/seedDefaults';
import type { CliCommand } from '../cliCommand';
import { parseCommandArgs, printable, UsageError } from '../cliCommand';
import { untilStopSignal } from '../stopSignal';

const units: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `500M`, `20GiB`, `1t`, or plain bytes. */
export function parseByteSize(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  const bytes = match ? Math.floor(Number(match[1]) * (units[(match[2] ?? '').toLowerCase()] ?? NaN)) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(`--${option} must be a size such as 500M or 20G (got "${printable(text)}").`);
  }
  return bytes;
}

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError('--port must be a number from 0 to 65535.');
  return port;
}

const defaultDir = () => join(defaultDataDir(), 'seed');

export const seedCommand: CliCommand = {
  synopsis: 'seed',
  summary: "Run a seed: keep the network's published tracks online for everyone",
  help: `Usage: busker seed [--listen <multiaddr>]… [--announce <multiaddr>]… [--peer <multiaddr>]…
                   [--host H] [--port N] [--network <file>] [--data <dir>]
                   [--disk-limit <size>] [--artist-quota <size>] [--pin-token-file <file>]

Runs an always-on IPFS peer for the network in the network file. It follows the
catalogue on chain and keeps every published track's audio, metadata and cover,
serves them to every peer over libp2p (bitswap), takes pin requests through the
IPFS Pinning Service API at /psa, and answers raw blocks as a trustless gateway
at /ipfs/{cid}. It keeps only what the network's factory vouches for.

Options:
  --listen <multiaddr>   libp2p address to listen on, repeatable (default: ${seedListenDefaults.listen.join(', ')})
  --announce <multiaddr> Public address to tell peers, repeatable: needed behind a port
                         forward or on a private address (e.g. /ip4/203.0.113.7/tcp/4001)
  --peer <multiaddr>     Another seed to keep connected to (…/p2p/<id>), repeatable
  --host H               HTTP address for the pinning API and gateway (default: ${seedListenDefaults.httpHost})
  --port N               HTTP port (default: ${seedListenDefaults.httpPort}; 0 picks a free port)
  --network <file>       The network file (default: $BUSKER_NETWORK_FILE, else ${defaultNetworkFilePath()})
  --data <dir>           Where blocks, the peer key and records are kept (default: ${defaultDir()})
  --disk-limit <size>    Most bytes of content to keep (default: no limit)
  --artist-quota <size>  Most bytes to keep for one artist (default: no limit)
  --pin-token-file <file> Take pin requests only with this token (Authorization: Bearer);
                         default: $BUSKER_SEED_PIN_TOKEN, else anyone may ask
  -h, --help             Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      listen: { type: 'string', multiple: true },
      announce: { type: 'string', multiple: true },
      peer: { type: 'string', multiple: true },
      host: { type: 'string' },
      port: { type: 'string' },
      network: { type: 'string' },
      data: { type: 'string' },
      'disk-limit': { type: 'string' },
      'artist-quota': { type: 'string' },
      'pin-token-file': { type: 'string' },
    });
    if (positionals.length > 0)
      throw new UsageError(`unknown argument "${printable(positionals[0] ?? '')}".`);
    // The seed's stack (helia, fastify, the chain client) loads here, when it runs: not for `--help`.
    const [{ NetworkFileError, readNetworkFile }, { defaultSeedSettings, startSeed }, pinTokens] =
      await Promise.all([
        import('../../protocol/networkFile'),
        import('../../seed/seedServer'),
        import('../../seed/pinToken'),
      ]);
    let pinToken: string | undefined = process.env.BUSKER_SEED_PIN_TOKEN?.trim() || undefined;
    try {
      const tokenFile = values['pin-token-file'];
      if (tokenFile !== undefined) pinToken = await pinTokens.readPinTokenFile(resolve(tokenFile));
    } catch (error) {
      if (!(error instanceof pinTokens.PinTokenError)) throw error;
      process.stderr.write(`busker seed: ${error.message}\n`);
      return 1;
    }
    const networkFile = values.network === undefined ? defaultNetworkFilePath() : resolve(values.network);
    let network;
    try {
      network = await readNetworkFile(networkFile);
    } catch (error) {
      if (!(error instanceof NetworkFileError)) throw error;
      process.stderr.write(`busker seed: ${error.message}\n`);
      return 1;
    }
    const seed = await startSeed({
      ...defaultSeedSettings,
      dataDir: values.data === undefined ? defaultDir() : resolve(values.data),
      network,
      listen: values.listen ?? defaultSeedSettings.listen,
      announce: values.announce ?? [],
      peers: values.peer ?? [],
      httpHost: values.host ?? defaultSeedSettings.httpHost,
      httpPort: values.port === undefined ? defaultSeedSettings.httpPort : parsePort(values.port),
      pinToken,
      limits: {
        ...defaultSeedSettings.limits,
        diskLimitBytes:
          values['disk-limit'] === undefined ? null : parseByteSize(values['disk-limit'], 'disk-limit'),
        artistQuotaBytes:
          values['artist-quota'] === undefined ? null : parseByteSize(values['artist-quota'], 'artist-quota'),
      },
    });
    process.stdout.write(
      `Busker seed ${seed.peerId}\n` +
        seed.multiaddrs.map((address) => `  peer      ${address}\n`).join('') +
        `  pinning   ${seed.pinningUrl}${pinToken === undefined ? '' : ' (token required)'}\n` +
        `  gateway   ${seed.gatewayUrl}\n` +
        `  network   chain ${network.chainId}, factory ${network.factory}\n` +
        'Press Ctrl+C to stop.\n',
    );
    const signal = await untilStopSignal();
    process.stderr.write(`Stopping the seed (${signal})…\n`);
    await seed.close();
    process.stderr.write('Seed stopped.\n');
    return 0;
  },
};
