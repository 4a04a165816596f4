// A separate artist process for the crash tests: publishes files and, at a chosen checkpoint,
// says so on stdout and stops dead, so the parent can SIGKILL it right there.
import { JsonRpcProvider, Wallet } from 'ethers';
import { z } from 'zod';
import { createHeliaContentStore } from '../../storage/heliaContentStore';
import { networkKeyServer } from '../../unlock/keyServerClient';
import { openPublishDatabase } from '../publishDatabase';
import { PublishJobStore } from '../publishJobStore';
import { Publisher } from '../publisher';

export const publishChildConfigSchema = z.object({
  rpcUrl: z.string(),
  chainId: z.number(),
  factory: z.string(),
  artist: z.string(),
  keyServer: z.string(),
  privateKey: z.string(),
  database: z.string(),
  ipfsDirectory: z.string(),
  wrappingKey: z.string(),
  files: z.array(z.string()),
  price: z.string(),
  killAt: z.string(),
});

export type PublishChildConfig = z.infer<typeof publishChildConfigSchema>;

const config = publishChildConfigSchema.parse(JSON.parse(process.env.BUSKER_PUBLISH_CHILD ?? '{}'));
const provider = new JsonRpcProvider(config.rpcUrl, undefined, {
  staticNetwork: true,
  cacheTimeout: -1,
  batchMaxCount: 1,
});
const contentStore = await createHeliaContentStore({ directory: config.ipfsDirectory });
const publisher = new Publisher({
  store: new PublishJobStore(openPublishDatabase(config.database)),
  contentStore,
  provider,
  wallet: new Wallet(config.privateKey, provider),
  chainId: config.chainId,
  artist: config.artist,
  keyServer: networkKeyServer(config),
  wrappingKey: Buffer.from(config.wrappingKey, 'hex'),
  afterStep: async (job, checkpoint) => {
    if (checkpoint !== config.killAt) return;
    process.stdout.write(`checkpoint ${checkpoint} ${job.id}\n`);
    // Wait here for the SIGKILL: nothing after this checkpoint may run.
    await new Promise(() => undefined);
  },
});
for (const path of config.files) await publisher.enqueue({ path, price: BigInt(config.price) });
await publisher.resume();
process.stdout.write('finished without reaching the checkpoint\n');
process.exit(3);
