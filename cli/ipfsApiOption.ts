/** `--ipfs-api <url>`: the commands that open the content store may use a Kubo node instead. */
import { ipfsApiFromEnvironment, IPFS_API_VARIABLE, parseIpfsApiUrl } from '../core/app/appContentStore';
import { UsageError } from './cliCommand';

export const ipfsApiOptionHelp = `  --ipfs-api <url>  Use the Kubo node with this RPC API instead of the embedded IPFS node
                    (default: $${IPFS_API_VARIABLE}, else the embedded node)`;

/** `--ipfs-api`, else $BUSKER_IPFS_API, checked; undefined means the embedded IPFS node. */
export function resolveIpfsApi(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (option === undefined) return ipfsApiFromEnvironment(env);
  try {
    return parseIpfsApiUrl(option, '--ipfs-api');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
