/**
 * Whether a network is configured, answered without loading the market's code (ethers and the
 * schemas that check addresses): a network saved in the settings, or a file where the market reads
 * its network. It errs on "yes": a damaged settings or network file counts, and the market, once
 * loaded, says what is wrong with it as before. Only "no" lets a host leave IPFS and the chain
 * client unloaded until something asks for them.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const MARKET_SETTINGS_FILE = 'market-settings.json';

export function marketSettingsPath(dataDir: string): string {
  return join(dataDir, MARKET_SETTINGS_FILE);
}

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

export async function networkConfigured(dataDir: string, networkFile: string): Promise<boolean> {
  try {
    const saved: unknown = JSON.parse(await readFile(marketSettingsPath(dataDir), 'utf8'));
    const network = (saved as { network?: unknown } | null)?.network;
    if (network !== undefined && network !== null) return true;
  } catch (error) {
    // Unreadable or not JSON: the market reads it as the defaults (no saved network), as here.
    if (!missing(error) && !(error instanceof SyntaxError)) return true;
  }
  try {
    await stat(networkFile);
    return true;
  } catch (error) {
    return !missing(error);
  }
}
