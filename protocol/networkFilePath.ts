// Where the network file is by default. Apart from networkFile.ts (which parses it with ethers and
// zod) so that a command's help can name the path without loading either.
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../base/dataDir';

/** `$BUSKER_NETWORK_FILE`, else `network.json` in `dataDir` (Busker's data folder by default). */
export function defaultNetworkFilePath(dataDir: string = defaultDataDir()): string {
  const fromEnv = process.env.BUSKER_NETWORK_FILE;
  if (fromEnv) return resolve(fromEnv);
  return join(resolve(dataDir), 'network.json');
}
