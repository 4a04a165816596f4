import { resolve } from 'node:path';
import type { NetworkFile } from '../protocol/networkFile';
import { AppError } from '../core/errors';

export const networkOptionHelp =
  '  --network <file>  The network file (default: the network chosen with `busker network` or in the\n' +
  "                    app's settings, else $BUSKER_NETWORK_FILE or network.json in the data folder)";

/**
 * The network a command uses: the `--network <file>` given, else the custom network saved in the
 * data folder's settings (`busker network` or the app's Settings), else the local network file.
 * Its errors are the user's to fix, so they become plain messages. What reads the files (ethers,
 * zod) is loaded here, on first use, so that the commands' help loads none of it.
 */
export async function loadCommandNetwork(option: string | undefined, dataDir: string): Promise<NetworkFile> {
  const [{ NetworkFileError, readNetworkFile }, { resolveSavedNetwork }] = await Promise.all([
    import('../protocol/networkFile'),
    import('../core/app/marketRuntime'),
  ]);
  if (option !== undefined) {
    try {
      return await readNetworkFile(resolve(option));
    } catch (error) {
      if (error instanceof NetworkFileError) throw new AppError('UNAVAILABLE', error.message);
      throw error;
    }
  }
  try {
    const {
      source: _source,
      joined: _joined,
      ...network
    } = await resolveSavedNetwork(dataDir, { onProblem: (message) => process.stderr.write(`${message}\n`) });
    return network;
  } catch (error) {
    // The app says "join a network"; a command line is where the file and how to make it belong.
    if (error instanceof AppError && error.cause instanceof NetworkFileError) {
      throw new AppError('UNAVAILABLE', error.cause.message);
    }
    throw error;
  }
}
