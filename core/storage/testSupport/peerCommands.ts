/**
 * What a peer process (see `peerProcess.ts`) can be asked to do, each with the schema that checks
 * the request before it reaches the store. Add a command here and the client in
 * `peerProcessClient.ts` can call it, typed, with no other change.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { HeliaContentStore } from '../heliaContentStore';
import { readAll, seededBytes } from './testBytes';

function command<Schema extends z.ZodType, Result>(
  schema: Schema,
  handler: (store: HeliaContentStore, args: z.output<Schema>) => Promise<Result>,
) {
  return {
    schema,
    handler,
    run: (store: HeliaContentStore, args: unknown) => handler(store, schema.parse(args)),
  };
}

const cid = z.string().min(1);
const range = z.strictObject({
  cid,
  offset: z.number().int().nonnegative().optional(),
  length: z.number().int().nonnegative().optional(),
});
const none = z.strictObject({});

export const peerCommands = {
  /** Adds `size` bytes made from `seed` (see `seededBytes`), so the test can make the same bytes. */
  addSeeded: command(
    z.strictObject({ size: z.number().int().nonnegative(), seed: z.string(), pin: z.boolean().optional() }),
    async (store, { size, seed, pin }) => store.add([seededBytes(size, seed)], { pin }),
  ),
  addFile: command(
    z.strictObject({ path: z.string(), pin: z.boolean().optional() }),
    async (store, { path, pin }) => store.add([await readFile(path)], { pin }),
  ),
  /** The bytes, base64: for ranges of a few MiB at most. */
  read: command(range, async (store, { cid, offset, length }) =>
    (await readAll(store.read(cid, { offset, length }))).toString('base64'),
  ),
  /** SHA-256 (hex) and length of the bytes read, for ranges too big to ship back. */
  readDigest: command(range, async (store, { cid, offset, length }) => {
    const bytes = await readAll(store.read(cid, { offset, length }));
    return { sha256: createHash('sha256').update(bytes).digest('hex'), length: bytes.length };
  }),
  fileSize: command(z.strictObject({ cid }), (store, args) => store.fileSize(args.cid)),
  has: command(z.strictObject({ cid }), (store, args) => store.has(args.cid)),
  pin: command(z.strictObject({ cid }), (store, args) => store.pin(args.cid)),
  unpin: command(z.strictObject({ cid }), (store, args) => store.unpin(args.cid)),
  isPinned: command(z.strictObject({ cid }), (store, args) => store.isPinned(args.cid)),
  cacheSize: command(none, (store) => store.cacheSize()),
  collectGarbage: command(z.strictObject({ limitBytes: z.number().nonnegative() }), (store, args) =>
    store.collectGarbage(args.limitBytes),
  ),
  connect: command(z.strictObject({ address: z.string() }), (store, args) => store.connectPeer(args.address)),
  addresses: command(none, async (store) => store.listenAddresses()),
  /** Closes the store; the process then exits on its own (proof that nothing is left open). */
  close: command(none, (store) => store.close()),
};

export type PeerCommand = keyof typeof peerCommands;
export type PeerCommandArgs<K extends PeerCommand> = z.input<(typeof peerCommands)[K]['schema']>;
export type PeerCommandResult<K extends PeerCommand> = Awaited<
  ReturnType<(typeof peerCommands)[K]['handler']>
>;

/** Checks a request from the test and runs it. */
export function runPeerCommand(store: HeliaContentStore, name: string, args: unknown): Promise<unknown> {
  if (!Object.hasOwn(peerCommands, name)) {
    return Promise.reject(new Error(`The peer process has no command "${name}".`));
  }
  return peerCommands[name as PeerCommand].run(store, args);
}
