// Journey 4 across processes: peer A holds an encrypted track; listener B, which has never seen
// it, plays it through its app backend's stream handler (seeks included), pins it, and keeps
// playing it once A is gone and after its own restart. Real Helia peers on loopback, real audio.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runTool } from '../../testkit/audioFixtures';
import type { AppBackend } from '../api/appBackend';
import { openBackend } from '../app/openBackend';
import { encryptFileToBsk1 } from '../../protocol/bsk1File';
import { keyCommitment } from '../../protocol/keyCommitment';
import { CatalogueTracks } from '../library/catalogueTracks';
import { LIBRARY_FILE_NAME, openLibraryDatabase } from '../library/database';
import { TrackRepo } from '../library/trackRepo';
import { createHeliaContentStore } from '../storage/heliaContentStore';
import type { HeliaContentStore } from '../storage/heliaContentStore';
import type { PeerProcess } from '../storage/testSupport/peerProcessClient';
import { startPeerProcess } from '../storage/testSupport/peerProcessClient';
import { KeyVault } from '../unlock/keyVault';

const chainTrack = { chainId: 31337, artist: '0x' + '5a'.repeat(20), trackId: 0 };
let workDir: string;
let audio: Buffer;
let audioCid: string;
let peerA: PeerProcess;
let trackId: number;
const vaultKey = randomBytes(32);

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-peer-streaming-'));
  const audioPath = join(workDir, 'song.wav');
  await runTool('sox', [
    '-n',
    '-r',
    '44100',
    '-c',
    '2',
    audioPath,
    'synth',
    '25',
    'pluck',
    'C3',
    'pluck',
    'E4',
  ]);
  audio = await readFile(audioPath);
  const contentKey = randomBytes(32);
  const containerPath = join(workDir, 'song.bsk1');
  await encryptFileToBsk1(audioPath, containerPath, contentKey);

  peerA = await startPeerProcess();
  audioCid = await peerA.call('addFile', { path: containerPath });

  // The listener's library already knows the catalogue track and holds its key (as after an unlock).
  const db = openLibraryDatabase(join(workDir, 'listener', LIBRARY_FILE_NAME));
  trackId = new CatalogueTracks(db, new TrackRepo(db)).save({
    ...chainTrack,
    audioCid,
    keyCommitment: `0x${keyCommitment(contentKey).toString('hex')}`,
    title: 'Pluck',
    artistName: 'Peer A',
    taggedArtist: 'Peer A',
    album: 'Loopback',
    trackNumber: 1,
    durationMs: 25_000,
    mime: 'audio/wav',
    size: audio.length,
  });
  new KeyVault(db, vaultKey).put(chainTrack, contentKey, keyCommitment(contentKey));
  db.close();
});

after(async () => {
  await peerA?.dispose();
  await rm(workDir, { recursive: true, force: true });
});

async function openListener(): Promise<{ backend: AppBackend; store: HeliaContentStore }> {
  const store = await createHeliaContentStore({ directory: join(workDir, 'listener', 'ipfs') });
  const backend = openBackend({
    dataDir: join(workDir, 'listener'),
    host: 'headless',
    contentStore: store,
    vaultKey,
  });
  return { backend, store };
}

async function play(backend: AppBackend, range?: string): Promise<{ status: number; body: Buffer }> {
  const headers: Record<string, string> = range ? { range } : {};
  const response = await backend.handleMedia(new Request(`busker://track/${trackId}`, { headers }));
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('a listener streams a track it never saw from a peer, seeks, pins it, and plays it with the peer gone', async () => {
  let { backend, store } = await openListener();
  try {
    assert.equal(await store.has(audioCid), false);
    await store.connectPeer(peerA.addresses[0]!, { signal: AbortSignal.timeout(10_000) });

    // Seeks first, as a player does after reading the header: only the segments needed are fetched.
    for (const start of [Math.floor(audio.length / 2), 70_000, audio.length - 1000, 0]) {
      const end = Math.min(start + 150_000, audio.length) - 1;
      const seek = await play(backend, `bytes=${start}-${end}`);
      assert.equal(seek.status, 206);
      assert.ok(seek.body.equals(audio.subarray(start, end + 1)), `bytes ${start}-${end}`);
    }
    assert.equal(await store.has(audioCid), false, 'seeking fetched only part of the container');

    const whole = await play(backend);
    assert.equal(whole.status, 200);
    assert.equal(sha256(whole.body), sha256(audio), "the bytes the player receives are the artist's file");

    await store.pin(audioCid, { signal: AbortSignal.timeout(30_000) });
    await peerA.kill();
    assert.equal(sha256((await play(backend)).body), sha256(audio), 'plays with the peer gone');
  } finally {
    backend.close();
    await store.close();
  }

  // After a restart, offline: the pinned container and the vault's key are all it needs.
  ({ backend, store } = await openListener());
  try {
    assert.equal(await store.isPinned(audioCid), true);
    const seek = await play(backend, 'bytes=100000-100099');
    assert.ok(seek.body.equals(audio.subarray(100_000, 100_100)));
    assert.equal(sha256((await play(backend)).body), sha256(audio));
  } finally {
    backend.close();
    await store.close();
  }
});
