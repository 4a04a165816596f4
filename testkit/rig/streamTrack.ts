// Run inside a listener's home on the rig: plays an unlocked catalogue track through the stream
// handler the app uses (`busker://track/<id>` with Range requests, as a player seeks), from the
// network's seeds, and prints what it heard as JSON. Halfway it says so on stdout and waits for
// the file `resumeFile` to exist, so the test can take a seed away mid-stream.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openAppContentStore } from '../../core/app/appContentStore';
import { resolveSavedNetwork } from '../../core/app/marketRuntime';
import { vaultKeyFromEnvironment } from '../../core/listen/headlessSecrets';
import { openListenerSession } from '../../core/listen/listenerSession';
import { createEncryptedTrackReader } from '../../core/media/encryptedTrack';
import { createMediaHandler } from '../../core/media/mediaHandler';

const [dataDir, artistText, trackText, resumeFile] = process.argv.slice(2);
if (!dataDir || !artistText || !trackText || !resumeFile) {
  throw new Error('usage: streamTrack <dataDir> <artist> <trackId> <resumeFile>');
}
const trackId = Number(trackText);
const network = await resolveSavedNetwork(dataDir);
const session = await openListenerSession({
  dataDir,
  network,
  vaultKey: await vaultKeyFromEnvironment(process.env, dataDir),
});
const track =
  session.catalogueStore.getTrack(artistText.toLowerCase(), trackId) ??
  session.catalogueStore.getTrack(artistText, trackId);
const contentKey = session.vault?.get({ chainId: network.chainId, artist: artistText, trackId }) ?? null;
if (!track || !contentKey) throw new Error(`track ${artistText}:${trackId} is not unlocked here`);
const content = await openAppContentStore({
  dataDir,
  network: { seeds: network.seeds ?? [], publicIpfs: network.publicIpfs ?? false },
});
const handler = createMediaHandler(
  {
    trackFile: () => null,
    coverImage: () => null,
    encryptedTrack: () => ({ audioCid: track.audioCid, mime: 'audio/wav', contentKey }),
  },
  { encryptedTracks: createEncryptedTrackReader(content) },
);

async function range(from: number, to: number): Promise<Buffer> {
  const response = await handler(
    new Request('busker://track/1', { headers: { range: `bytes=${from}-${to}` } }),
  );
  if (response.status !== 206) throw new Error(`range ${from}-${to}: status ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

const first = await handler(new Request('busker://track/1', { headers: { range: 'bytes=0-0' } }));
const total = Number(/\/(\d+)$/.exec(first.headers.get('content-range') ?? '')?.[1]);
await first.body?.cancel();
// A seek into the middle first, as a listener dragging the position bar.
const middle = Math.floor(total / 2);
const seeked = await range(middle, middle + 4095);
const pieces: Buffer[] = [];
const step = 64 * 1024;
let announced = false;
for (let from = 0; from < total; from += step) {
  if (!announced && from >= total / 3) {
    announced = true;
    process.stdout.write('halfway\n');
    while (!existsSync(resumeFile)) await sleep(50);
  }
  pieces.push(await range(from, Math.min(total, from + step) - 1));
}
const whole = Buffer.concat(pieces);
process.stdout.write(
  `${JSON.stringify({
    bytes: whole.length,
    sha256: `0x${createHash('sha256').update(whole).digest('hex')}`,
    contentHash: track.contentHash,
    seekMatches: whole.subarray(middle, middle + 4096).equals(seeked),
  })}\n`,
);
await content.close();
session.close();
process.exit(0);
