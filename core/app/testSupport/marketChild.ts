// The app's own process for the market crash tests (marketBackend.kill.test.ts): opens the backend
// on a data folder the way the hosts do (openBackend with market options), unlocks the wallet, then
// publishes files or tips-and-unlocks one catalogue track. Every app event goes to stdout as a
// JSON line. At the event named by `freezeAt` the process stops dead inside the event listener
// (so the publisher or the unlock job cannot take one more step) and waits for the parent's SIGKILL.
import { writeSync } from 'node:fs';
import { z } from 'zod';
import type { AppEvent } from '../../api/appBackend';
import { openBackend } from '../openBackend';

const configSchema = z.object({
  dataDir: z.string(),
  passphrase: z.string(),
  market: z.object({
    networkFile: z.string(),
    peers: z.array(z.string()),
    syncIntervalMs: z.number().int().nonnegative(),
    walletScryptN: z.number().int().positive(),
    vaultScrypt: z.object({ N: z.number(), r: z.number(), p: z.number() }),
    unlockRetry: z.object({ firstDelayMs: z.number(), maxDelayMs: z.number() }),
  }),
  work: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('publish'), files: z.array(z.string()), priceEth: z.string() }),
    z.object({ kind: z.literal('unlock'), trackId: z.number().int().positive() }),
  ]),
  freezeAt: z.object({
    event: z.enum(['onDidPublishProgress', 'onDidUnlockProgress']),
    step: z.string(),
    /** Only an event whose message contains this (e.g. the publish job's "mined" wait). */
    messageIncludes: z.string().optional(),
  }),
});

export type MarketChildConfig = z.infer<typeof configSchema>;

/** One line on stdout, written synchronously: the parent reads it even if we never return. */
function say(line: unknown): void {
  writeSync(1, `${JSON.stringify(line)}\n`);
}

function freezesHere(event: AppEvent, freezeAt: MarketChildConfig['freezeAt']): boolean {
  if (event.name !== freezeAt.event) return false;
  const payload = event.payload as { step: string; message: string };
  return (
    payload.step === freezeAt.step &&
    (freezeAt.messageIncludes === undefined || payload.message.includes(freezeAt.messageIncludes))
  );
}

const config = configSchema.parse(JSON.parse(process.env.BUSKER_MARKET_CHILD ?? '{}'));
const backend = openBackend({
  dataDir: config.dataDir,
  host: 'headless',
  market: { ...config.market, onProblem: (message) => process.stderr.write(`problem: ${message}\n`) },
});
backend.onEvent((event) => {
  say({ event: event.name, payload: event.payload });
  if (!freezesHere(event, config.freezeAt)) return;
  say({ frozen: event.name, payload: event.payload });
  // Blocks this thread for good: nothing after this event runs before the SIGKILL.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});

await backend.api.unlockWallet(config.passphrase);
const { work } = config;
if (work.kind === 'publish') {
  const result = await backend.api.publishFiles(work.files, work.priceEth);
  say({ published: result });
  // The jobs run in the background; one that ends before the freeze ends this process.
  backend.onEvent((event) => {
    if (event.name !== 'onDidPublishProgress') return;
    if (event.payload.step !== 'done' && event.payload.step !== 'failed') return;
    say({ finished: event.payload });
    process.exit(3);
  });
} else {
  say({ finished: await backend.api.unlockTrack(work.trackId) });
  process.exit(3);
}
