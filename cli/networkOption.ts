import { resolve } from 'node:path';
import { defaultNetworkFilePath, NetworkFileError, readNetworkFile } from '../protocol/networkFile';
import type { NetworkFile } from '../protocol/networkFile';
import { resolveNetwork } from '../core/app/marketRuntime';
import { readMarketSettings } from '../core/app/marketSettings';
import { AppError } from '../core/errors';

export const networkOptionHelp =
  '  --network <file>  The network file (default: the network chosen with `busker network` or in the\n' +
  "                    app's settings, else $BUSKER_NETWORK_FILE or network.json in the data folder)";

/**
 * The network a command uses: the `--network <file>` given, else the custom network saved in the
 * data folder's settings (`busker network` or the app's Settings), else the local network file.
 * Its errors are the user's to fix, so they become plain messages.
 */
export async function loadCommandNetwork(option: string | undefined, dataDir: string): Promise<NetworkFile> {
  if (option !== undefined) {
    try {
      return await readNetworkFile(resolve(option));
    } catch (error) {
      if (error instanceof NetworkFileError) throw new AppError('UNAVAILABLE', error.message);
      throw error;
    }
  }
  const settings = await readMarketSettings(dataDir, (message) => process.stderr.write(`${message}\n`));
  const { source: _source, ...network } = await resolveNetwork(settings, defaultNetworkFilePath(dataDir));
  return network;
}
