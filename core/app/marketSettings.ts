/**
 * The market's settings in the data folder (`market-settings.json`): a network the user joined or
 * typed in, and the IPFS cache limit. A missing file means the defaults: the local network, 2 GiB.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getAddress, isAddress } from 'ethers';
import { z } from 'zod';
import { writeFileAtomically } from '../../base/atomicFileWrite';
import { networkDescriptionSchema } from '../../protocol/networkDescription';
import { marketSettingsPath } from './networkPresence';

export { MARKET_SETTINGS_FILE, marketSettingsPath } from './networkPresence';

export const DEFAULT_CACHE_LIMIT_BYTES = 2 * 1024 ** 3;

const customNetworkSchema = z.strictObject({
  rpcUrl: z.url({ protocol: /^https?$/ }),
  chainId: z.number().int().positive(),
  factory: z
    .string()
    .refine((value) => isAddress(value))
    .transform((value) => getAddress(value)),
  keyServerUrl: z.url({ protocol: /^https?$/ }),
  /** The description the network was joined by (absent for one typed field by field). */
  description: networkDescriptionSchema.optional(),
});

const settingsSchema = z.strictObject({
  network: customNetworkSchema.nullable().default(null),
  cacheLimitBytes: z.number().int().positive().default(DEFAULT_CACHE_LIMIT_BYTES),
});

export type CustomNetwork = z.infer<typeof customNetworkSchema>;
export type MarketSettings = z.infer<typeof settingsSchema>;

/** The saved settings; a damaged file is reported once and read as the defaults. */
export async function readMarketSettings(
  dataDir: string,
  onProblem: (message: string) => void = () => undefined,
): Promise<MarketSettings> {
  const file = marketSettingsPath(dataDir);
  let data: unknown = {};
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      onProblem(
        `The settings file ${file} is not valid JSON; Busker uses the defaults until they are saved again.`,
      );
    }
  }
  const parsed = settingsSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  onProblem(`The settings file ${file} is damaged; Busker uses the defaults until they are saved again.`);
  return settingsSchema.parse({});
}

/** Writes the settings atomically (a temporary file renamed over the old one), readable by this user only. */
export async function writeMarketSettings(dataDir: string, settings: MarketSettings): Promise<void> {
  const file = marketSettingsPath(dataDir);
  await mkdir(dirname(file), { recursive: true });
  const text = `${JSON.stringify(settingsSchema.parse(settings), null, 2)}\n`;
  await writeFileAtomically(file, [Buffer.from(text, 'utf8')], { mode: 0o600 });
}
