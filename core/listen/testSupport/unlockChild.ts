// A listener's process for crash tests: runs one "Tip & unlock" job and prints each progress
// step as a JSON line, so the parent can SIGKILL it at the worst moment.
import { z } from 'zod';
import { networkFileSchema } from '../../../protocol/networkFile';
import { openListenerSession } from '../listenerSession';

const configSchema = z.object({
  dataDir: z.string(),
  network: networkFileSchema,
  privateKey: z.string(),
  vaultKey: z.string().regex(/^[0-9a-f]{64}$/),
  artist: z.string(),
  trackId: z.number().int().nonnegative(),
});

const config = configSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const session = await openListenerSession({
  dataDir: config.dataDir,
  network: config.network,
  vaultKey: Buffer.from(config.vaultKey, 'hex'),
  wallet: config.privateKey,
  pollingIntervalMs: 50,
  retry: { firstDelayMs: 50, maxDelayMs: 200 },
});
const job = await session.unlockJobs?.unlock(
  { artist: config.artist, trackId: config.trackId },
  {
    onProgress: (progress) =>
      process.stdout.write(`${JSON.stringify({ state: progress.state, tipHash: progress.tipHash })}\n`),
  },
);
process.stdout.write(`${JSON.stringify({ done: job?.state })}\n`);
session.close();
