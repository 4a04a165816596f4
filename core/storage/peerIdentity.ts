/**
 * The embedded node's libp2p identity: an Ed25519 key kept in the store's directory, readable by
 * its owner only, so the node keeps the same PeerId (and peers' address books stay valid) across
 * restarts.
 */
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';

export const PEER_KEY_FILE = 'peer-key';
const OWNER_ONLY = 0o600;

/** Reads the key from `directory`, creating it on first use. */
export async function loadOrCreatePeerKey(directory: string): Promise<PrivateKey> {
  const path = join(directory, PEER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return existing;
  const key = await generateKeyPair('Ed25519');
  try {
    // `wx`: if another process created the key meanwhile, keep theirs rather than overwrite it.
    await writeFile(path, privateKeyToProtobuf(key), { mode: OWNER_ONLY, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = await readKeyFile(path);
    if (!theirs) {
      throw new Error(`The peer key ${path} vanished while it was being created. Try again.`, {
        cause: error,
      });
    }
    return theirs;
  }
}

async function readKeyFile(path: string): Promise<PrivateKey | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // A key copied in by hand may be readable by others; it is a secret, so narrow it again.
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, OWNER_ONLY);
  try {
    return privateKeyFromProtobuf(bytes);
  } catch {
    throw new Error(
      `The peer key ${path} is damaged. Delete it to give this node a new identity (peers will see a new PeerId).`,
    );
  }
}
