import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { encryptBsk1 } from '../../protocol/bsk1Encrypt';
import { NONCE_PREFIX_BYTES } from '../../protocol/bsk1Header';
import { createHeliaContentStore, type HeliaContentStore } from '../storage/heliaContentStore';
import { addEncryptedAudio, type AudioToAdd } from './encryptedAudio';
import { encryptInThread } from './encryptionThread';
import { PublishError } from './publishError';

// The publish pass against a real Helia store: what it adds must be exactly the BSK1 container
// of the file, and a file that changes under it must be refused with nothing pinned.
let dir: string;
let store: HeliaContentStore;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-encrypted-audio-'));
  store = await createHeliaContentStore({ directory: join(dir, 'ipfs') });
});

after(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

async function audioFile(name: string, bytes: Buffer): Promise<AudioToAdd> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, size: bytes.length, key: randomBytes(32), noncePrefix: randomBytes(NONCE_PREFIX_BYTES) };
}

async function readAll(cid: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.read(cid)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function expectedContainer(plaintext: Buffer, audio: AudioToAdd): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const options = { key: audio.key, plaintextLength: plaintext.length, noncePrefix: audio.noncePrefix };
  for await (const chunk of encryptBsk1(
    (async function* () {
      yield plaintext;
    })(),
    options,
  ))
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

test('one pass adds, pinned, exactly the BSK1 container of the file, and hashes the file', async () => {
  // Three 1 MiB reads and a partial one: segments straddle the reads.
  const plaintext = randomBytes(3 * 1024 * 1024 + 12_345);
  const audio = await audioFile('song.flac', plaintext);
  const reported: number[] = [];
  const added = await addEncryptedAudio(store, audio, (bytes) => reported.push(bytes));

  assert.deepEqual(await readAll(added.audioCid), await expectedContainer(plaintext, audio));
  assert.equal(added.contentHash, `0x${createHash('sha256').update(plaintext).digest('hex')}`);
  assert.ok(await store.isPinned(added.audioCid));
  assert.equal(reported.at(-1), plaintext.length);

  const again = await addEncryptedAudio(store, audio);
  assert.deepEqual(again, added, 'a pass redone after a crash adds the same container');
});

test('a pass its consumer stops early stops in the worker too, and the next pass is whole', async () => {
  const plaintext = randomBytes(20 * 1024 * 1024); // more pieces than the worker sends ahead
  const audio = await audioFile('stopped.flac', plaintext);
  const stopped = encryptInThread(audio, () => {});
  const first = await stopped.pieces.next();
  assert.equal(first.done, false);
  await stopped.pieces.return(undefined);
  await assert.rejects(stopped.contentHash, /stopped before the end/);

  const added = await addEncryptedAudio(store, audio);
  assert.deepEqual(await readAll(added.audioCid), await expectedContainer(plaintext, audio));
});

for (const [change, alter] of [
  ['grew', (path: string) => appendFile(path, 'x')],
  ['shrank', (path: string) => truncate(path, 100_000)],
  ['vanished', (path: string) => rm(path)],
] as const) {
  test(`a file that ${change} after it was queued is refused in words, nothing of it pinned`, async () => {
    const audio = await audioFile(`${change}.flac`, randomBytes(300_000));
    await alter(audio.path);
    await store.collectGarbage(0);
    const pinnedBytes = await store.cacheSize();

    await assert.rejects(
      addEncryptedAudio(store, audio),
      (error: unknown) =>
        error instanceof PublishError &&
        error.code === 'SOURCE_CHANGED' &&
        (change === 'vanished' ? /is gone/ : /changed while Busker was encrypting it/).test(error.message),
    );
    await store.collectGarbage(0);
    assert.equal(
      await store.cacheSize(),
      pinnedBytes,
      'the failed pass left nothing that garbage collection keeps',
    );
  });
}
