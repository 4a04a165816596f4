import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { keepYoungGenerationSmall } from '../../base/youngGeneration';
import { defaultNetworkFilePath } from '../../protocol/networkFilePath';
import type { AppApi } from '../../core/api/appApi';
import type { CliCommand } from '../cliCommand';
import { dataOptionHelp, parseCommandArgs, resolveDataDir, UsageError } from '../cliCommand';
import { ipfsApiOptionHelp, resolveIpfsApi } from '../ipfsApiOption';
import { untilStopSignal } from '../stopSignal';

/** How long after the URL the market starts when no page has asked for the library yet. */
const marketStartDelayMs = 2_000;

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError('--port must be a number from 0 to 65535 (0 picks a free port).');
  return port;
}

export const serveCommand: CliCommand = {
  synopsis: 'serve',
  summary: 'Play the library from a browser on this computer',
  help: `Usage: busker serve [--port N] [--network <file>] [--peer <multiaddr>]… [--ipfs-api <url>] [--data <dir>]

Serves Busker to a web browser on this computer only (127.0.0.1). It prints a URL
with a secret token: open it in the browser. While it runs, music added to or
deleted from the library's folders joins or leaves the library. Stop with Ctrl+C.
It also runs the market: an IPFS node (the ipfs folder in the data folder, or the Kubo
node --ipfs-api names), the catalogue synced from the network every few seconds, and your
wallet, unlocked with its passphrase in the browser (the passphrase also locks the vault of
unlocked keys). Without a network, the IPFS node starts only once something needs it.

Options:
  --port N       The port to listen on (default: the port this data folder was served on
                 last, so the browser keeps its settings; else any free port. 0: any free port)
  --network <file>   The local network file (default: $BUSKER_NETWORK_FILE, else network.json in the data folder)
  --peer <multiaddr> An IPFS peer to keep dialing (e.g. an artist's node); may be repeated
${ipfsApiOptionHelp}
${dataOptionHelp}
  -h, --help     Show this help
`,
  async run(args, context) {
    // A host that waits for a page most of the time: its idle memory counts (issue #23).
    keepYoungGenerationSmall();
    const { values, positionals } = parseCommandArgs(args, {
      port: { type: 'string' },
      data: { type: 'string' },
      network: { type: 'string' },
      peer: { type: 'string', multiple: true },
      'ipfs-api': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`serve takes no arguments (got "${positionals[0]}").`);
    const port = parsePort(values.port);
    const ipfsApi = resolveIpfsApi(values['ipfs-api']);
    if (!existsSync(join(context.rendererDir, 'index.html'))) {
      process.stderr.write(
        `busker serve: the web app is not built (no index.html in ${context.rendererDir}); run \`npm run build\`. ` +
          'The API still answers.\n',
      );
    }

    const dataDir = resolveDataDir(values.data);
    const networkFile = values.network ?? defaultNetworkFilePath(dataDir);
    const [{ openBackend }, { startHeadlessHost }, { publishDatabasePath }] = await Promise.all([
      import('../../core/app/openBackend'),
      import('../../main/headless/headlessHost'),
      import('../../core/publish/publishDatabase'),
    ]);
    // The library answers as soon as the URL is out. Loading the market (its code, IPFS, the
    // catalogue sync) keeps Node busy for a second or more, so it starts once the page has shown
    // the library (its first page of tracks), or a moment after the URL when no page asks.
    let showLibrary = () => {};
    const libraryShown = new Promise<void>((resolve) => (showLibrary = resolve));
    // The library folders' trees are walked once the URL is out (nothing that changes meanwhile is lost).
    let printedUrl = () => {};
    const urlPrinted = new Promise<void>((resolve) => (printedUrl = resolve));
    const backend = openBackend({
      dataDir,
      host: 'headless',
      watchFolders: true,
      watchAfter: urlPrinted,
      market: {
        networkFile,
        peers: values.peer ?? [],
        ...(ipfsApi ? { ipfsApi } : {}),
        startAfter: libraryShown,
      },
    });
    const api: AppApi = {
      ...backend.api,
      listTracks: (request) => backend.api.listTracks(request).finally(showLibrary),
    };
    let host;
    try {
      host = await startHeadlessHost({
        backend: { ...backend, api },
        port,
        rendererDir: context.rendererDir,
        // Without --port, the port of the last start: the browser keeps the page's settings per port.
        ...(values.port === undefined ? { portFile: join(dataDir, 'serve-port') } : {}),
        uploadsDir: join(dataDir, 'uploads'),
        publishDatabaseFile: publishDatabasePath(dataDir),
      });
    } catch (error) {
      await backend.close();
      if ((error as { code?: unknown }).code === 'EADDRINUSE') {
        process.stderr.write(
          `busker serve: port ${port} is in use. Choose another with --port, or --port 0 for any free port.\n`,
        );
        return 1;
      }
      throw error;
    }

    const stopped = untilStopSignal();
    let stopping = false;
    process.stdout.write(
      `Busker is serving the library in ${dataDir}\n` +
        'Open this URL in a browser on this computer:\n\n' +
        `  ${host.url}\n\n` +
        'Press Ctrl+C to stop.\n',
    );
    printedUrl();
    setTimeout(showLibrary, marketStartDelayMs).unref();
    backend.peerAddresses().then(
      (addresses) => {
        for (const address of addresses) process.stdout.write(`IPFS peer address: ${address}\n`);
      },
      (error: unknown) =>
        process.stderr.write(`busker serve: IPFS did not start: ${(error as Error).message}\n`),
    );
    const [{ healthLogLines, logNetworkHealthChanges }, { networkConfigured }] = await Promise.all([
      import('../../core/app/networkHealthLog'),
      import('../../core/app/networkPresence'),
      libraryShown,
    ]);
    const logHealth = (line: string) => process.stderr.write(`busker serve: ${line}\n`);
    // Without a network the market loads at its first call (a page asking for the wallet, say):
    // the log says so now and follows the network's health from then on.
    const told = (await networkConfigured(dataDir, networkFile)) ? null : 'none';
    if (told) logHealth(healthLogLines[told]);
    let stopHealthLog = () => {};
    void backend.marketLoaded?.then(() => {
      if (!stopping)
        stopHealthLog = logNetworkHealthChanges(backend.api.networkHealth, logHealth, undefined, told);
    });
    const signal = await stopped;
    stopping = true;
    stopHealthLog();
    await host.close();
    await backend.close();
    process.stderr.write(`Stopped (${signal}).\n`);
    return 0;
  },
};
