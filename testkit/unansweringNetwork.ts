// For tests: a local network whose chain never answers (its RPC address is a closed port), for what
// must start without a chain: the IPFS node, the host.
import { writeFile } from 'node:fs/promises';

/** Writes such a network file (the older local format) at `file`, and returns `file`. */
export async function writeUnansweringNetworkFile(file: string): Promise<string> {
  await writeFile(
    file,
    JSON.stringify({
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:9/',
      factory: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    }),
  );
  return file;
}
