/**
 * The key server for the unlock benchmark, in its own process so the clients do not share its
 * core: the real app (Fastify, schemas, EIP-712 recovery, nonces in SQLite, the sealed key store,
 * sealing to the listener, info-level logs buffered to a file as they are to standard output), with
 * ONE substitution — the chain. Chain calls are what the budget excludes, so this process answers
 * them from `benchOnlyAlwaysConfirmedChain`: every listener has confirmed access, the head never
 * moves.
 * Prints one JSON line `{ "url", "artist", "trackId" }` once it listens; stops on SIGTERM.
 */
import { join } from 'node:path';
import { buildKeyServer } from '../../keyserver/app';
import type { ChainReader } from '../../keyserver/chainReader';
import { KeyVault } from '../../keyserver/keyVault';
import { bufferedLogDestination } from '../../keyserver/logging';
import { MasterKey } from '../../keyserver/masterKey';
import { inlineRequestCrypto, WorkerRequestCrypto } from '../../keyserver/requestCrypto';
import { openSqliteKeyStore } from '../../keyserver/store/sqliteKeyStore';
import { keyCommitment } from '../../protocol/keyCommitment';
import { randomBytes } from 'node:crypto';

const [workDir, chainIdText, factory] = process.argv.slice(2);
if (!workDir || !chainIdText || !factory)
  throw new Error('usage: keyServerBenchServer <workDir> <chainId> <factory>');

const artist = '0x00000000000000000000000000000000000a7157';
const trackId = 7n;
const contentKey = randomBytes(32);
const commitment = keyCommitment(contentKey);

/** BENCH ONLY: a chain on which every tip is long confirmed. Never use outside bench/. */
const benchOnlyAlwaysConfirmedChain: ChainReader = {
  headBlock: async () => 1_000,
  isArtist: async () => true,
  artistOwner: async () => '0x0000000000000000000000000000000000000001',
  trackCount: async () => 1_000n,
  keyCommitment: async () => commitment,
  hasAccess: async () => true,
};

const threads = Number(process.env.BUSKER_KEYSERVER_CRYPTO_THREADS ?? 0);
const crypto = threads > 0 ? new WorkerRequestCrypto(threads) : inlineRequestCrypto;
const store = openSqliteKeyStore(join(workDir, 'keyserver.sqlite'));
const vault = await KeyVault.open(store, MasterKey.generate());
await vault.putContentKey({ chainId: Number(chainIdText), artist, trackId: trackId.toString() }, contentKey);
const app = await buildKeyServer({
  config: {
    chainId: Number(chainIdText),
    factory,
    confirmations: 2,
    rateLimits: { perIp: 10_000_000, perAddress: 10_000_000, windowMs: 60_000 },
    trustProxy: false,
  },
  vault,
  chain: benchOnlyAlwaysConfirmedChain,
  crypto,
  logger: { level: 'info', destination: bufferedLogDestination(join(workDir, 'server.log')) },
});
app.addHook('onClose', async () => {
  await crypto.close();
  await store.close();
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${port}`, artist, trackId: trackId.toString() })}\n`,
);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
